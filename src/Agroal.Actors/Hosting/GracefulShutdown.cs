using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Hosting;

/// <summary>Refuses new logins and waits until no client holds a backend, or until flush_timeout passes (0 = no limit).</summary>
public static class GracefulShutdown
{
    public static async Task RunAsync(AgroalServer server, TimeSpan flushTimeout, ILogger logger)
    {
        server.Services.RefuseNewClients = true;
        var deadline = flushTimeout > TimeSpan.Zero ? DateTime.UtcNow + flushTimeout : DateTime.MaxValue;
        while (server.Services.Counters.Active > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100).ConfigureAwait(false);
        }
        if (server.Services.Counters.Active > 0)
        {
            logger.LogWarning("graceful shutdown: flush_timeout passed with {Clients} clients still active", server.Services.Counters.Active);
        }
    }
}
