using Agroal.Actors.Clients;
using Agroal.Actors.Logging;
using Agroal.Actors.Metrics;
using Agroal.Actors.Pool;

namespace Agroal.Tests.Metrics;

public sealed class MetricsResetTests
{
    [Fact]
    public void Clear_prometheus_zeroes_counters_and_histograms_but_keeps_gauges()
    {
        var pool = new PoolCounters();
        var clients = new ClientCounters();
        var logs = new LogCounters();
        pool.AcquireRequested();
        pool.ConnectionFailed();
        pool.SetGauges(total: 3, active: 2, awaiting: 1);
        clients.AuthSucceeded();
        clients.AddTraffic(5, 2, 100, 200);
        clients.QueryLatency.Observe(0.003);
        pool.ConnectionIdleTimedOut();
        clients.SocketOpened();
        logs.Count(Microsoft.Extensions.Logging.LogLevel.Warning);

        new MetricsReset(pool, clients, logs).Clear();

        Assert.Equal((0L, 0L), (pool.Get, pool.Error));
        Assert.Equal((3, 2, 1), (pool.Total, pool.Active, pool.Awaiting));
        Assert.Equal((0L, 0L, 0L), (clients.AuthSuccess, clients.Queries, clients.BytesFromClients));
        Assert.Equal(0d, clients.QueryLatency.Sum);
        Assert.Equal(0L, pool.IdleTimedOut);
        Assert.Equal(1, clients.Sockets);
        Assert.Equal(0L, logs.Warn);
    }
}
