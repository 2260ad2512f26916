namespace Agroal.Cli.Management;

/// <summary>
/// agroal-cli's exit codes: pgagroal-cli's 0/1/2, plus 64 (EX_USAGE from sysexits.h) for a command line that does not
/// make sense, so a script can tell "I typed it wrong" from "the pooler is unreachable".
/// </summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>No answer: cannot connect, login refused, timeout, configuration file unreadable.</summary>
    public const int Connection = 1;

    /// <summary>The pooler reported an error, or the command names something the pooler does not know.</summary>
    public const int Data = 2;

    /// <summary>Unknown command or option, missing or extra argument, a value that does not parse.</summary>
    public const int Usage = 64;
}
