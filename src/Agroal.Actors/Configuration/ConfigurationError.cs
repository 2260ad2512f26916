namespace Agroal.Actors.Configuration;

/// <summary>A problem that stops the configuration from loading. <see cref="Line"/> is 0 when no single line is at fault.</summary>
public sealed record ConfigurationError(string File, int Line, string Message)
{
    public override string ToString() => ConfigurationLocation.Format(File, Line, Message);
}
