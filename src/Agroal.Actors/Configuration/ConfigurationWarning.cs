namespace Agroal.Actors.Configuration;

/// <summary>A problem that is reported but does not stop the configuration from loading.</summary>
public sealed record ConfigurationWarning(string File, int Line, string Message)
{
    public override string ToString() => ConfigurationLocation.Format(File, Line, Message);
}
