using System.Diagnostics;

namespace Agroal.Actors.Hosting;

/// <summary>
/// Daemon mode (<c>-d</c>). .NET cannot fork a running runtime, so the daemon is a re-execution of the same
/// executable without <c>-d</c>, in a new session (<c>setsid -f</c>), umask 0 as pgagroal sets, stdio on
/// /dev/null. The launching process waits for the child's pid file (proof that it passed start-up) and
/// exits 0, or 1 when it does not appear in time.
/// </summary>
public static class Daemonizer
{
    public const string ConsoleRefusal = "agroal: Daemon mode can't be used with console logging";
    public static readonly TimeSpan DefaultStartTimeout = TimeSpan.FromSeconds(10);

    // "$0" is the executable; the daemon's output goes nowhere, like a forked daemon's.
    private const string LaunchScript = "umask 0; exec /usr/bin/setsid -f \"$0\" \"$@\" </dev/null >/dev/null 2>&1";

    /// <summary>pgagroal's rule: a daemon cannot log to the console. Null when allowed.</summary>
    public static string? Check(bool daemon, bool consoleLogging) => daemon && consoleLogging ? ConsoleRefusal : null;

    /// <summary>The command that starts this same program again: the apphost, or <c>dotnet agroal.dll</c>.</summary>
    public static IReadOnlyList<string> CurrentCommand()
    {
        var processPath = Environment.ProcessPath ?? throw new InvalidOperationException("the process path is unknown");
        var entry = System.Reflection.Assembly.GetEntryAssembly()?.Location;
        var isDotnetHost = Path.GetFileNameWithoutExtension(processPath) == "dotnet";
        return isDotnetHost && !string.IsNullOrEmpty(entry) ? [processPath, entry] : [processPath];
    }

    /// <summary>Arguments for the daemon child: the same options without <c>-d</c>.</summary>
    public static IReadOnlyList<string> ChildArguments(CommandLineOptions options) =>
        AgroalCommandLine.ToArguments(options with { Daemon = false });

    /// <summary>
    /// Starts <paramref name="command"/> + <paramref name="arguments"/> detached and waits until
    /// <paramref name="pidFilePath"/> exists. Returns null on success, the reason otherwise.
    /// </summary>
    public static async Task<string?> LaunchAsync(
        IReadOnlyList<string> command, IReadOnlyList<string> arguments, string pidFilePath, TimeSpan timeout,
        TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        time ??= TimeProvider.System;
        if (File.Exists(pidFilePath))
        {
            return $"pid file {pidFilePath} exists: is another agroal running?";
        }
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(LaunchScript);
        foreach (var part in command)
        {
            info.ArgumentList.Add(part);
        }
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        using (var launcher = Process.Start(info) ?? throw new InvalidOperationException("could not start /bin/sh"))
        {
            await launcher.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            if (launcher.ExitCode != 0)
            {
                return $"could not start the daemon (setsid exit code {launcher.ExitCode})";
            }
        }

        var started = time.GetTimestamp();
        while (!File.Exists(pidFilePath))
        {
            if (time.GetElapsedTime(started) >= timeout)
            {
                return $"the daemon did not create {pidFilePath} within {timeout.TotalSeconds:0.###} s";
            }
            await Task.Delay(TimeSpan.FromMilliseconds(50), time, cancellationToken).ConfigureAwait(false);
        }
        return null;
    }
}
