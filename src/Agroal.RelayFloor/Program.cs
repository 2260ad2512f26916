using System.Runtime.InteropServices;
using Agroal.RelayFloor;

var options = RelayOptions.Parse(args, out var error);
if (options is null)
{
    if (error is not null)
    {
        Console.Error.WriteLine($"agroal-relay-floor: {error}");
    }
    Console.Error.WriteLine(RelayOptions.Usage);
    return error is null ? 0 : 1;
}

// pool-bench stops its candidate with SIGTERM; the relay has no state worth a graceful drain, so the signal
// only has to release Main, and the process exit closes every socket.
using var stopped = new ManualResetEventSlim();
void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stopped.Set();
}
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);

if (options.Engine == RelayEngine.Epoll)
{
    EpollRelay.Start(options);
}
else
{
    SocketRelay.Start(options);
}
Console.WriteLine(
    $"agroal-relay-floor: engine {options.Engine.ToString().ToLowerInvariant()}"
    + (options.Engine == RelayEngine.Epoll ? $" ({options.LoopThreads} loop thread(s))" : "")
    + $", 127.0.0.1:{options.ListenPort} -> 127.0.0.1:{options.PostgresPort}");
stopped.Wait();
return 0;
