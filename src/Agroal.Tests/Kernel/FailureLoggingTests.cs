using Agroal.Actors.Kernel;
using Agroal.Actors.Kernel.TestKit;
using Microsoft.Extensions.Logging;

namespace Agroal.Tests.Kernel;

public sealed class FailureLoggingTests
{
    [Fact]
    public async Task A_failure_goes_to_the_supervisor_and_is_logged_with_its_exception()
    {
        var logs = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(builder => builder.AddProvider(logs));
        await using var system = ActorSystem.Create("logging", loggerFactory: loggerFactory);
        var probe = new TestProbe(system);
        var failing = system.ActorOf(Props.Create(() => new FailingActor(probe.Ref)), "failing");

        failing.Tell("fail");
        probe.ExpectMsg("restarted");

        var entry = Assert.Single(logs.Entries, e => e.Exception is InvalidOperationException);
        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.Contains("actor=akka://logging/user/failing", entry.Message, StringComparison.Ordinal);
        Assert.Contains("directive=restart", entry.Message, StringComparison.Ordinal);
    }

    private sealed class FailingActor(IActorRef probe) : ActorBase
    {
        protected override void OnReceive(object message) => throw new InvalidOperationException("boom");

        protected override void PostRestart(Exception reason) => probe.Tell("restarted");
    }

    private sealed record LogEntry(LogLevel Level, string Message, Exception? Exception);

    private sealed class CapturingLoggerProvider : ILoggerProvider, ILogger
    {
        private readonly Lock _gate = new();
        private readonly List<LogEntry> _entries = [];

        public IReadOnlyList<LogEntry> Entries
        {
            get
            {
                lock (_gate)
                {
                    return [.. _entries];
                }
            }
        }

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_gate)
            {
                _entries.Add(new LogEntry(logLevel, formatter(state, exception), exception));
            }
        }

        public void Dispose()
        {
        }
    }
}
