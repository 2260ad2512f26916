using System.Diagnostics;
using System.Globalization;

namespace Agroal.Tests.Integration.Fixtures;

/// <summary>Faults a test can inflict on its own cluster: restart, stop, freeze, backends terminated.</summary>
public sealed partial class PostgresServer
{
    /// <summary><c>pg_ctl restart -m fast|immediate</c>; returns once the server accepts connections again.</summary>
    public async Task RestartAsync(bool immediate)
    {
        var result = await PgCtlAsync("restart", "-w", "-t", "60", "-m", immediate ? "immediate" : "fast", "-l", LogFile).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"pg_ctl restart failed: {result.Output}\n{ReadLog()}");
        }
    }

    /// <summary>The postmaster's pid, from postmaster.pid.</summary>
    public int PostmasterPid()
    {
        var firstLine = File.ReadLines(Path.Combine(DataDirectory, "postmaster.pid")).First();
        return int.Parse(firstLine.Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>SIGSTOP (freeze) or SIGCONT (thaw) to the postmaster and every process it forked.</summary>
    public async Task SignalAllAsync(string signal)
    {
        var postmaster = PostmasterPid();
        var pids = new List<string> { postmaster.ToString(CultureInfo.InvariantCulture) };
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(directory);
            if (!int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                continue;
            }
            try
            {
                // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces, so read after the last ')'.
                var stat = await File.ReadAllTextAsync(Path.Combine(directory, "stat")).ConfigureAwait(false);
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (fields.Length > 1 && fields[1] == postmaster.ToString(CultureInfo.InvariantCulture))
                {
                    pids.Add(name);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }
        await KillAsync(signal, pids).ConfigureAwait(false);
    }

    /// <summary>SIGSTOP (freeze) or SIGCONT (thaw) to one backend of this cluster, by its pg_backend_pid(); false when it is gone.</summary>
    public async Task<bool> SignalBackendAsync(int pid, string signal) =>
        await KillAsync(signal, [pid.ToString(CultureInfo.InvariantCulture)]).ConfigureAwait(false) == 0;

    /// <summary>Exit code of kill: not 0 when a process was gone already (SignalAllAsync tolerates that).</summary>
    private static async Task<int> KillAsync(string signal, List<string> pids)
    {
        // stderr is kept out of the test output: "No such process" for one that just ended is expected here.
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, .. pids]) { UseShellExecute = false, RedirectStandardError = true })!;
        await kill.StandardError.ReadToEndAsync().ConfigureAwait(false);
        await kill.WaitForExitAsync().ConfigureAwait(false);
        return kill.ExitCode;
    }

    /// <summary>
    /// pg_terminate_backend of the client backends of <paramref name="user"/>: all, or only idle / only active ones;
    /// waits until they are gone. Returns how many were terminated.
    /// </summary>
    public async Task<int> TerminateBackendsAsync(string user, string? state = null)
    {
        var filter = state is null ? "" : $" AND state = {QuoteLiteral(state)}";
        var count = int.Parse(await ExecuteScalarAsync(
            $"SELECT count(pg_terminate_backend(pid, 10000)) FROM pg_stat_activity WHERE backend_type = 'client backend' AND usename = {QuoteLiteral(user)} AND pid <> pg_backend_pid(){filter}").ConfigureAwait(false),
            CultureInfo.InvariantCulture);
        return count;
    }
}
