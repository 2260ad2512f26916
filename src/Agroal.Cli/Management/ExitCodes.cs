namespace Agroal.Cli.Management;

/// <summary>pgagroal-cli's exit codes.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>No answer: cannot connect, login refused, timeout, bad options.</summary>
    public const int Connection = 1;

    /// <summary>An answer that reports a failure, or that cannot be used.</summary>
    public const int Data = 2;
}
