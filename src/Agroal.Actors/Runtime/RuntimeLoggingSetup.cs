using Akka.Actor.Setup;
using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Runtime;

/// <summary>Hands the pooler's logger factory to <see cref="RuntimeLogBridge"/> when the actor system starts.</summary>
public sealed class RuntimeLoggingSetup(ILoggerFactory loggerFactory) : Setup
{
    public ILoggerFactory LoggerFactory { get; } = loggerFactory;
}
