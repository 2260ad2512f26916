namespace Agroal.Actors.Hosting;

/// <summary>What the process does on each signal. Callbacks run on a runtime thread, not in an actor.</summary>
public sealed record SignalCallbacks
{
    /// <summary>SIGTERM, SIGINT, SIGALRM.</summary>
    public required Action OnImmediateShutdown { get; init; }

    /// <summary>SIGUSR2 (pgagroal uses SIGTRAP, which .NET cannot handle; see <see cref="AgroalSignals"/>).</summary>
    public required Action OnGracefulShutdown { get; init; }

    /// <summary>SIGHUP: reload the configuration files.</summary>
    public required Action OnReload { get; init; }

    /// <summary>SIGUSR1: rebind the listeners from the in-memory configuration.</summary>
    public Action OnRebind { get; init; } = static () => { };

    /// <summary>SIGABRT: log and remove the pid file; the process is then aborted.</summary>
    public Action OnAbort { get; init; } = static () => { };
}
