using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Logging;

/// <summary>One category's logger; filtering and writing belong to the provider, so a reload applies at once.</summary>
internal sealed class AgroalLogger(AgroalLoggerProvider provider, string category) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => provider.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!provider.IsEnabled(logLevel))
        {
            return;
        }
        provider.Write(logLevel, category, formatter(state, exception), exception);
    }
}
