using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;
using Microsoft.Extensions.Logging;
using AkkaLogLevel = Akka.Event.LogLevel;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace Agroal.Actors.Runtime;

/// <summary>
/// Akka's logger (akka.loggers): writes Akka's own log events through the pooler's logging, one line per event
/// with key=value fields, so log_type, log_level and log_path apply to them as to every other line.
/// </summary>
public sealed partial class RuntimeLogBridge : UntypedActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    private readonly ILogger _logger;

    public RuntimeLogBridge()
    {
        var factory = Context.System.Settings.Setup.Get<RuntimeLoggingSetup>();
        _logger = factory.HasValue
            ? factory.Value.LoggerFactory.CreateLogger("Akka")
            : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case InitializeLogger:
                Sender.Tell(new LoggerInitialized());
                break;
            case LogEvent logEvent:
                var level = LevelOf(logEvent.LogLevel());
                if (_logger.IsEnabled(level))
                {
                    Write(_logger, level, logEvent.Cause, logEvent.LogSource, logEvent.Message?.ToString() ?? "");
                }
                break;
        }
    }

    private static LogLevel LevelOf(AkkaLogLevel level) => level switch
    {
        AkkaLogLevel.DebugLevel => LogLevel.Debug,
        AkkaLogLevel.InfoLevel => LogLevel.Information,
        AkkaLogLevel.WarningLevel => LogLevel.Warning,
        _ => LogLevel.Error,
    };

    [LoggerMessage(Message = "akka: source={Source} {Text}")]
    private static partial void Write(ILogger logger, LogLevel level, Exception? cause, string source, string text);
}
