using Microsoft.Extensions.Hosting;

namespace Agroal.Actors.Hosting;

/// <summary>Keeps the listener's host from claiming Ctrl+C and SIGTERM: the process's own signal handlers decide when to stop.</summary>
internal sealed class ListenerLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
