using Agroal.Actors.Clients;
using Agroal.Actors.Kernel;
using Agroal.Actors.Pool;

namespace Agroal.Actors.Metrics;

/// <summary>
/// Builds one scrape: asks the pool for its slot table, reads every counter once, and writes the families of
/// <see cref="MetricCatalog"/> in order. Runs on the metrics endpoint's request thread, never on a hot path.
/// </summary>
public sealed partial class MetricsCollector
{
    private readonly MetricsSources _sources;

    public MetricsCollector(MetricsSources sources)
    {
        _sources = sources;
    }

    /// <summary>The full exposition text.</summary>
    public async Task<string> CollectAsync(CancellationToken cancellationToken = default)
    {
        var status = await TryGetStatusAsync(cancellationToken).ConfigureAwait(false);
        var writer = new ExpositionWriter();
        WriteGeneral(writer);
        WriteConnections(writer, status);
        WriteLimits(writer, status);
        WriteSessions(writer);
        WritePoolEvents(writer);
        WriteClients(writer);
        WriteAwaiting(writer);
        WriteOsInfo(writer);
        WriteBeyondPgagroal(writer);
        return writer.ToString();
    }

    private async Task<PoolProtocol.Status?> TryGetStatusAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _sources.Pool.Ask<PoolProtocol.Status>(PoolProtocol.GetStatus.Instance, _sources.StatusTimeout, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            // A pool too busy to answer still gets its counters scraped; only the per-slot families are left out.
            return null;
        }
    }

    private void WriteGeneral(ExpositionWriter writer)
    {
        var services = _sources.Services;
        var pool = _sources.PoolCounters;
        var clients = services.Counters;
        var logs = _sources.LogCounters;

        Single(writer, MetricCatalog.State, services.RefuseNewClients ? 2 : 1);
        Single(writer, MetricCatalog.PipelineMode, services.Options.Pipeline switch
        {
            PipelineKind.Performance => 0,
            PipelineKind.Session => 1,
            _ => 2,
        });

        writer.Family(MetricCatalog.ServerError);
        var dialled = DialledServerIndex();
        for (var i = 0; i < _sources.Servers.Count; i++)
        {
            // The pool dials one server (the primary hint, else the first), so every connect error is that server's.
            var isDialled = i == dialled;
            var state = isDialled && pool.Opened > 0 ? "primary" : "not_init";
            writer.Sample(MetricCatalog.ServerError, isDialled ? pool.Error : 0, _sources.Servers[i].Name, state);
        }

        Single(writer, MetricCatalog.LoggingInfo, logs?.Info ?? 0);
        Single(writer, MetricCatalog.LoggingWarn, logs?.Warn ?? 0);
        Single(writer, MetricCatalog.LoggingError, logs?.Error ?? 0);
        Single(writer, MetricCatalog.LoggingFatal, logs?.Fatal ?? 0);
        Single(writer, MetricCatalog.FailedServers, 0);

        writer.Family(MetricCatalog.WaitTime);
        writer.Sample(MetricCatalog.WaitTime, clients.LastWait.TotalSeconds);
        Single(writer, MetricCatalog.QueryCount, clients.Queries);
        Single(writer, MetricCatalog.TxCount, clients.Transactions);
    }

    private void WriteSessions(ExpositionWriter writer)
    {
        writer.Family(MetricCatalog.SessionTime);
        writer.Histogram(MetricCatalog.SessionTime, _sources.Services.Counters.SessionTime);
    }

    private void WritePoolEvents(ExpositionWriter writer)
    {
        var pool = _sources.PoolCounters;
        Single(writer, MetricCatalog.ConnectionError, pool.Error);
        Single(writer, MetricCatalog.ConnectionKill, pool.Kill);
        // An idle backend closed to make room for another user/database is what pgagroal counts as a remove.
        Single(writer, MetricCatalog.ConnectionRemove, pool.Evicted);
        Single(writer, MetricCatalog.ConnectionTimeout, pool.Timeout);
        Single(writer, MetricCatalog.ConnectionReturn, pool.Return);
        Single(writer, MetricCatalog.ConnectionInvalid, 0);
        Single(writer, MetricCatalog.ConnectionGet, pool.Get);
        Single(writer, MetricCatalog.ConnectionIdleTimeout, 0);
        Single(writer, MetricCatalog.ConnectionMaxAge, 0);
        Single(writer, MetricCatalog.ConnectionFlush, 0);
        Single(writer, MetricCatalog.ConnectionSuccess, pool.Success);
    }

    private void WriteClients(ExpositionWriter writer)
    {
        var clients = _sources.Services.Counters;
        Single(writer, MetricCatalog.AuthSuccess, clients.AuthSuccess);
        Single(writer, MetricCatalog.AuthBadPassword, clients.AuthBadPassword);
        Single(writer, MetricCatalog.AuthError, clients.AuthError);
        Single(writer, MetricCatalog.ClientWait, clients.Authenticating);
        Single(writer, MetricCatalog.ClientActive, clients.Active);
        Single(writer, MetricCatalog.NetworkSent, clients.BytesFromClients);
        Single(writer, MetricCatalog.NetworkReceived, clients.BytesFromServers);
        Single(writer, MetricCatalog.ClientSockets, clients.Sockets);
        // The pooler's own sockets are its backend connections.
        Single(writer, MetricCatalog.SelfSockets, _sources.PoolCounters.Total);
    }

    private void WriteBeyondPgagroal(ExpositionWriter writer)
    {
        var clients = _sources.Services.Counters;
        writer.Family(MetricCatalog.ClientWaitSeconds);
        writer.Histogram(MetricCatalog.ClientWaitSeconds, clients.WaitTime);
        writer.Family(MetricCatalog.QueryDuration);
        writer.Histogram(MetricCatalog.QueryDuration, clients.QueryLatency);
        writer.Family(MetricCatalog.TransactionDuration);
        writer.Histogram(MetricCatalog.TransactionDuration, clients.TransactionLatency);

        writer.Family(MetricCatalog.MailboxDepth);
        foreach (var (label, actor) in _sources.WatchedActors)
        {
            writer.Sample(MetricCatalog.MailboxDepth, ActorSystem.MailboxDepth(actor), label);
        }
        Single(writer, MetricCatalog.ActorRestarts, _sources.System.RestartCount);
        Single(writer, MetricCatalog.DeadLetters, _sources.System.DeadLetterCount);
        Single(writer, MetricCatalog.UnhandledMessages, _sources.System.UnhandledMessageCount);
        Single(writer, MetricCatalog.BackendsOpened, _sources.PoolCounters.Opened);
    }

    private int DialledServerIndex()
    {
        var servers = _sources.Servers;
        for (var i = 0; i < servers.Count; i++)
        {
            if (servers[i].PrimaryHint)
            {
                return i;
            }
        }
        return servers.Count > 0 ? 0 : -1;
    }

    /// <summary>An unlabelled family with its one sample (gauge or counter alike).</summary>
    private static void Single(ExpositionWriter writer, MetricDescriptor metric, long value)
    {
        writer.Family(metric);
        writer.Sample(metric, value);
    }
}
