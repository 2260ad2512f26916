namespace Agroal.Tests.Integration.Fixtures;

/// <summary>What a finished child process left behind. <see cref="TimedOut"/> means it was killed.</summary>
public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr, bool TimedOut = false)
{
    public bool Succeeded => ExitCode == 0 && !TimedOut;

    /// <summary>Both streams, for assertion messages.</summary>
    public string Output => Stdout + Stderr;
}
