using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Logging;

public static class AgroalLoggingExtensions
{
    /// <summary>Makes <paramref name="provider"/> the only log sink and lets it decide the level (so reloads apply).</summary>
    public static ILoggingBuilder AddAgroalLogging(this ILoggingBuilder builder, AgroalLoggerProvider provider)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ClearProviders();
        builder.SetMinimumLevel(LogLevel.Trace);
        builder.AddProvider(provider);
        return builder;
    }
}
