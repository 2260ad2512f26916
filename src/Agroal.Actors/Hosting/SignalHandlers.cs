using System.Runtime.InteropServices;

namespace Agroal.Actors.Hosting;

/// <summary>
/// Installs the process's signal handlers: SIGTERM/SIGINT/SIGALRM immediate shutdown, SIGUSR2 graceful
/// shutdown, SIGHUP reload, SIGUSR1 rebind, SIGABRT log + pid file removal + abort. The runtime's
/// default reaction (terminating) is cancelled for all but SIGABRT; shutting down is the caller's job.
/// </summary>
public sealed class SignalHandlers : IDisposable
{
    private readonly List<IDisposable> _registrations = [];
    private readonly SignalCallbacks _callbacks;
    private readonly Action _abortProcess;

    /// <param name="abortProcess">How SIGABRT ends the process; the default fails fast (core dump when enabled).
    /// The runtime does not re-raise a handled SIGABRT, so ending the process is explicit.</param>
    public SignalHandlers(SignalCallbacks callbacks, ISignalRegistrar? registrar = null, Action? abortProcess = null)
    {
        _callbacks = callbacks;
        _abortProcess = abortProcess ?? (static () => Environment.FailFast("agroal: SIGABRT received"));
        registrar ??= PosixSignalRegistrar.Instance;
        Register(registrar, AgroalSignals.Terminate, callbacks.OnImmediateShutdown);
        Register(registrar, AgroalSignals.Interrupt, callbacks.OnImmediateShutdown);
        Register(registrar, AgroalSignals.Alarm, callbacks.OnImmediateShutdown);
        Register(registrar, AgroalSignals.User2, callbacks.OnGracefulShutdown);
        Register(registrar, AgroalSignals.Hangup, callbacks.OnReload);
        Register(registrar, AgroalSignals.User1, callbacks.OnRebind);
        _registrations.Add(registrar.Register(AgroalSignals.Abort, OnAbort));
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
        _registrations.Clear();
    }

    private void Register(ISignalRegistrar registrar, PosixSignal signal, Action callback) =>
        _registrations.Add(registrar.Register(signal, context =>
        {
            context.Cancel = true;
            callback();
        }));

    private void OnAbort(PosixSignalContext context)
    {
        context.Cancel = true;
        try
        {
            _callbacks.OnAbort();
        }
        finally
        {
            _abortProcess();
        }
    }
}
