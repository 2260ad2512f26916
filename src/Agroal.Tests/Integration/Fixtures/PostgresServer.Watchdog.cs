using System.Diagnostics;
using System.Globalization;

namespace Agroal.Tests.Integration.Fixtures;

public sealed partial class PostgresServer
{
    // Exit hooks do not run when the test host is killed (hang timeout, SIGKILL). A detached shell polls
    // the host pid and, once it is gone, stops the cluster and removes its directory. It ends by itself
    // as soon as the directory disappears, i.e. after a normal dispose.
    // Exit hooks do not run when the test host is killed (hang timeout, SIGKILL). A detached shell polls
    // the host pid and, once it is gone, stops the cluster, kills any tool still working on the data
    // directory (initdb, pg_ctl) and removes the directory. It ends by itself as soon as the directory
    // disappears, i.e. after a normal dispose. Its own command line never contains "-D <data>", so the
    // pkill below cannot hit it.
    private const string WatchdogScript = """
        exec </dev/null >/dev/null 2>&1
        host_pid=$1; run_as=$2; dir=$3; data=$4; pg_ctl=$5
        while kill -0 "$host_pid" 2>/dev/null && [ -d "$dir" ]; do sleep 1; done
        for attempt in 1 2 3; do
          [ -d "$dir" ] || exit 0
          if [ -f "$data/postmaster.pid" ]; then
            if [ -n "$run_as" ]; then runuser -u "$run_as" -- "$pg_ctl" stop -D "$data" -m immediate -w -t 10
            else "$pg_ctl" stop -D "$data" -m immediate -w -t 10; fi
          fi
          pkill -KILL -f -- "-D $data"
          sleep 1
          rm -rf "$dir"
        done
        """;

    private void StartWatchdog()
    {
        var info = new ProcessStartInfo("/usr/bin/setsid") { UseShellExecute = false };
        foreach (var arg in new[]
                 {
                     "/bin/sh", "-c", WatchdogScript, "agroal-pg-watchdog",
                     Environment.ProcessId.ToString(CultureInfo.InvariantCulture), RunAsUser ?? "",
                     SocketDirectory, DataDirectory, Path.Combine(BinDirectory, "pg_ctl"),
                 })
        {
            info.ArgumentList.Add(arg);
        }
        using var watchdog = Process.Start(info);
    }
}
