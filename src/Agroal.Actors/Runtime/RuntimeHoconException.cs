namespace Agroal.Actors.Runtime;

/// <summary>A user HOCON file that cannot be used; the message names the file.</summary>
public sealed class RuntimeHoconException(string message, Exception? inner) : Exception(message, inner)
{
    public RuntimeHoconException(string message) : this(message, null)
    {
    }
}
