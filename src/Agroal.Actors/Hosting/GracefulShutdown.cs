using Akka.Actor;
using Agroal.Actors.Pool;

namespace Agroal.Actors.Hosting;

/// <summary>
/// Asks the pool for a graceful shutdown and waits for its verdict: true when the last backend in use came back,
/// false when flush_timeout passed first (the pool then asks for an immediate stop).
/// </summary>
public static class GracefulShutdown
{
    public static Task<bool> RunAsync(AgroalServer server)
    {
        server.Pool.Tell(PoolProtocol.BeginGracefulShutdown.Instance);
        return server.Lifecycle.ExitRequested;
    }
}
