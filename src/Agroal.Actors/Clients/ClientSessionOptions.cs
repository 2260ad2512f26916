namespace Agroal.Actors.Clients;

/// <summary>The part of the configuration snapshot a client session works from; replaced whole on reload.</summary>
public sealed record ClientSessionOptions
{
    public required PipelineKind Pipeline { get; init; }

    public TimeSpan AuthenticationTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A client message longer than this closes the client with 08P01.</summary>
    public int MaxMessageSize { get; init; } = 64 * 1024 * 1024;

    /// <summary>Sent when a backend returns to the pool (session and performance pipelines); null turns it off.</summary>
    public string? ServerResetQuery { get; init; } = "DISCARD ALL";

    /// <summary>What a failed <see cref="ServerResetQuery"/> does to the backend (session and performance pipelines).</summary>
    public Configuration.ResetFailureBehavior ServerResetQueryBehaviorOnFailure { get; init; }

    public bool AllowUnknownUsers { get; init; } = true;

    /// <summary>Transaction pipeline: named statements kept per backend (LRU); 0 passes named statements through unchanged.</summary>
    public int MaxPreparedStatements { get; init; } = 200;

    /// <summary>Transaction pipeline with <see cref="MaxPreparedStatements"/> 0: DEALLOCATE ALL before release when a named Parse was seen.</summary>
    public bool TrackPreparedStatements { get; init; }

    /// <summary>Transaction pipeline: run <see cref="ServerResetQuery"/> at every release, not only in session mode.</summary>
    public bool ServerResetQueryAlways { get; init; }

    /// <summary>How long the pooler waits for a backend's answer to a reset before it closes the backend.</summary>
    public TimeSpan ResetTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>SO_KEEPALIVE on accepted TCP client sockets (pgagroal's <c>keep_alive</c>).</summary>
    public bool KeepAlive { get; init; } = true;

    /// <summary>TCP_NODELAY on accepted TCP client sockets (pgagroal's <c>nodelay</c>).</summary>
    public bool NoDelay { get; init; } = true;

    public bool LogConnections { get; init; }

    /// <summary>tracker: pgagroal's PGAGROAL|... connection-lifecycle lines (<see cref="ConnectionTracker"/>).</summary>
    public bool Tracker { get; init; }

    public bool LogDisconnections { get; init; }

    /// <summary>Maps a database name or alias from pgagroal_databases.conf to the real database.</summary>
    public Func<string, string> ResolveDatabase { get; init; } = static name => name;

    /// <summary>Client TLS (<c>tls = on</c> with its files); null answers every SSLRequest with 'N'.</summary>
    public Security.Tls.ClientTlsContext? Tls { get; init; }

    /// <summary>auth_query: users without a stored password are checked against the secret PostgreSQL holds.</summary>
    public bool AuthQuery { get; init; }
}
