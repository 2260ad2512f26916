using Agroal.Actors.Metrics;
using Agroal.Actors.WebConsole;
using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Hosting;

public sealed partial class AgroalServer
{
    /// <summary>The web console, when <c>console</c> is set (it needs <c>metrics</c>, as in pgagroal).</summary>
    public ConsoleEndpoint? Console { get; private set; }

    private async Task StartConsoleAsync(MetricsSettings metrics, ILoggerFactory loggerFactory)
    {
        if (metrics.ConsolePort <= 0 || MetricsCollector is not { } collector)
        {
            return;
        }
        try
        {
            Console = await ConsoleEndpoint.StartAsync(metrics.Host, metrics.ConsolePort, collector.Sources, () => collector.Settings, loggerFactory)
                .ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw new IOException($"console {metrics.Host}:{metrics.ConsolePort}: {ex.Message}", ex);
        }
    }

    private async Task StopConsoleAsync()
    {
        if (Console is { } console)
        {
            await console.StopAsync().ConfigureAwait(false);
        }
    }
}
