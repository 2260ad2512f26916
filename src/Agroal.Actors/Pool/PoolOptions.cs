namespace Agroal.Actors.Pool;

/// <summary>The part of the configuration snapshot the pool manager works from; replaced whole on reload.</summary>
public sealed partial record PoolOptions
{
    public required int MaxConnections { get; init; }

    /// <summary>How long a client waits for a backend; zero means "try max_retries times, then give up".</summary>
    public required TimeSpan BlockingTimeout { get; init; }

    /// <summary>With <see cref="BlockingTimeout"/> zero: how many more times a client is tried (along <see cref="RetryBackoff"/>) before 53300.</summary>
    public int MaxRetries { get; init; }

    /// <summary>Cap of the retry back-off (pgagroal's <c>connection_retry_delay</c>).</summary>
    public TimeSpan ConnectionRetryDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    public required IReadOnlyList<ServerEndpoint> Servers { get; init; }

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The users-file password the pooler logs in with, or null.</summary>
    public required Func<string, string?> BackendPassword { get; init; }

    /// <summary>The limits rule for a user and a real database, or null when there is none.</summary>
    public Func<string, string, PoolLimit?> FindLimit { get; init; } = static (_, _) => null;

    /// <summary>Each limits rule's max_size by rule index: in cluster mode, the budgets shared out among the members.</summary>
    public IReadOnlyList<int> RuleMaxSizes { get; init; } = [];

    /// <summary>Each limits rule as database/user by rule index: how cluster members names this node's share of each.</summary>
    public IReadOnlyList<string> RuleNames { get; init; } = [];

    /// <summary>Cluster mode: the pool opens nothing until the cluster gives it a share of the budgets.</summary>
    public bool ClusterBudget { get; init; }

    /// <summary>In transaction mode pgagroal never opens a backend for a waiting client once the pool is prefilled.</summary>
    public bool ReuseOnly { get; init; }

    /// <summary>tracker: the pool's own PGAGROAL|... lines (idle timeout, age, validation, flush, kill, prefill).</summary>
    public bool Tracker { get; init; }

    /// <summary>Whether the clients run the transaction pipeline: the tracker lines' tx_mode field.</summary>
    public bool TransactionMode { get; init; }
}
