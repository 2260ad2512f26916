namespace Agroal.Actors.Kernel;

/// <summary>The name is empty, holds a '/', starts with '$', or is taken by a live (or still stopping) sibling.</summary>
public sealed class InvalidActorNameException : Exception
{
    public InvalidActorNameException()
    {
    }

    public InvalidActorNameException(string message)
        : base(message)
    {
    }

    public InvalidActorNameException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
