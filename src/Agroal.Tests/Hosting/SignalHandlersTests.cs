using System.Runtime.InteropServices;
using Agroal.Actors.Hosting;

namespace Agroal.Tests.Hosting;

public sealed class SignalHandlersTests
{
    private readonly List<string> _calls = [];
    private readonly FakeRegistrar _registrar = new();

    private SignalHandlers Install(Action? abortProcess = null) => new(
        new SignalCallbacks
        {
            OnImmediateShutdown = () => _calls.Add("immediate"),
            OnGracefulShutdown = () => _calls.Add("graceful"),
            OnReload = () => _calls.Add("reload"),
            OnRebind = () => _calls.Add("rebind"),
            OnAbort = () => _calls.Add("abort"),
        },
        _registrar,
        abortProcess ?? (() => _calls.Add("process aborted")));

    [Theory]
    [InlineData(PosixSignal.SIGTERM, "immediate")]
    [InlineData(PosixSignal.SIGINT, "immediate")]
    [InlineData((PosixSignal)14, "immediate")]
    [InlineData((PosixSignal)12, "graceful")]
    [InlineData(PosixSignal.SIGHUP, "reload")]
    [InlineData((PosixSignal)10, "rebind")]
    public void Each_signal_runs_its_callback_and_cancels_the_default_termination(PosixSignal signal, string expected)
    {
        using var handlers = Install();
        var context = _registrar.Raise(signal);
        Assert.Equal([expected], _calls);
        Assert.True(context.Cancel);
    }

    [Fact]
    public void Sigabrt_runs_the_callback_then_aborts_the_process()
    {
        using var handlers = Install();
        _registrar.Raise((PosixSignal)6);
        Assert.Equal(["abort", "process aborted"], _calls);
    }

    [Fact]
    public void Sigabrt_aborts_even_when_the_callback_throws()
    {
        var aborted = false;
        using var handlers = new SignalHandlers(
            new SignalCallbacks
            {
                OnImmediateShutdown = () => { }, OnGracefulShutdown = () => { }, OnReload = () => { },
                OnAbort = () => throw new IOException("disk gone"),
            },
            _registrar,
            () => aborted = true);
        Assert.Throws<IOException>(() => _registrar.Raise((PosixSignal)6));
        Assert.True(aborted);
    }

    [Fact]
    public void Sigtrap_is_not_registered_because_the_runtime_cannot_handle_it()
    {
        using var handlers = Install();
        Assert.DoesNotContain((PosixSignal)5, _registrar.Handlers.Keys);
        Assert.Equal(7, _registrar.Handlers.Count);
    }

    [Fact]
    public void Dispose_removes_every_registration()
    {
        var handlers = Install();
        handlers.Dispose();
        Assert.Empty(_registrar.Handlers);
    }

    [Fact]
    public void Real_registrar_accepts_raw_signal_numbers()
    {
        using var registration = PosixSignalRegistrar.Instance.Register((PosixSignal)12, _ => { });
        Assert.NotNull(registration);
    }

    private sealed class FakeRegistrar : ISignalRegistrar
    {
        public Dictionary<PosixSignal, Action<PosixSignalContext>> Handlers { get; } = [];

        public IDisposable Register(PosixSignal signal, Action<PosixSignalContext> handler)
        {
            Handlers.Add(signal, handler);
            return new Registration(() => Handlers.Remove(signal));
        }

        public PosixSignalContext Raise(PosixSignal signal)
        {
            var context = new PosixSignalContext(signal);
            Handlers[signal](context);
            return context;
        }

        private sealed class Registration(Action onDispose) : IDisposable
        {
            public void Dispose() => onDispose();
        }
    }
}
