namespace Agroal.Actors.Metrics;

/// <summary>
/// Every metric family the endpoint exports, in exposition order. pgagroal's families keep its names, types, labels
/// and HELP lines so its Grafana dashboards read this pooler unchanged; families prefixed <c>agroal_</c> go beyond it.
/// </summary>
public static class MetricCatalog
{
    public static readonly MetricDescriptor State = Pg("pgagroal_state", MetricType.Gauge, "The state of pgagroal");
    public static readonly MetricDescriptor PipelineMode = Pg("pgagroal_pipeline_mode", MetricType.Gauge, "The mode of pipeline");
    public static readonly MetricDescriptor ServerError = Pg("pgagroal_server_error", MetricType.Counter, "The number of errors for servers", "name", "state");
    public static readonly MetricDescriptor LoggingInfo = Pg("pgagroal_logging_info", MetricType.Gauge, "The number of INFO logging statements");
    public static readonly MetricDescriptor LoggingWarn = Pg("pgagroal_logging_warn", MetricType.Gauge, "The number of WARN logging statements");
    public static readonly MetricDescriptor LoggingError = Pg("pgagroal_logging_error", MetricType.Gauge, "The number of ERROR logging statements");
    public static readonly MetricDescriptor LoggingFatal = Pg("pgagroal_logging_fatal", MetricType.Gauge, "The number of FATAL logging statements");
    public static readonly MetricDescriptor FailedServers = Pg("pgagroal_failed_servers", MetricType.Gauge, "The number of failed servers");
    public static readonly MetricDescriptor WaitTime = Pg("pgagroal_wait_time", MetricType.Gauge, "The waiting time of clients");
    public static readonly MetricDescriptor QueryCount = Pg("pgagroal_query_count", MetricType.Counter, "The number of queries");
    public static readonly MetricDescriptor ConnectionQueryCount = Pg("pgagroal_connection_query_count", MetricType.Counter, "The number of queries per connection",
        "id", "user", "database", "application_name");
    public static readonly MetricDescriptor TxCount = Pg("pgagroal_tx_count", MetricType.Counter, "The number of transactions");

    public static readonly MetricDescriptor ActiveConnections = Pg("pgagroal_active_connections", MetricType.Gauge, "The number of active connections");
    public static readonly MetricDescriptor TotalConnections = Pg("pgagroal_total_connections", MetricType.Gauge, "The total number of connections");
    public static readonly MetricDescriptor MaxConnections = Pg("pgagroal_max_connections", MetricType.Counter, "The maximum number of connections");
    public static readonly MetricDescriptor Connection = Pg("pgagroal_connection", MetricType.Gauge, "The connection information",
        "id", "user", "database", "application_name", "state");
    public static readonly MetricDescriptor Limit = Pg("pgagroal_limit", MetricType.Gauge, "The limit information", "user", "database", "type");
    public static readonly MetricDescriptor SessionTime = Pg("pgagroal_session_time_seconds", MetricType.Histogram, "The session times");

    public static readonly MetricDescriptor ConnectionError = Pg("pgagroal_connection_error", MetricType.Counter, "Number of connection errors");
    public static readonly MetricDescriptor ConnectionKill = Pg("pgagroal_connection_kill", MetricType.Counter, "Number of connection kills");
    public static readonly MetricDescriptor ConnectionRemove = Pg("pgagroal_connection_remove", MetricType.Counter, "Number of connection removes");
    public static readonly MetricDescriptor ConnectionTimeout = Pg("pgagroal_connection_timeout", MetricType.Counter, "Number of connection time outs");
    public static readonly MetricDescriptor ConnectionReturn = Pg("pgagroal_connection_return", MetricType.Counter, "Number of connection returns");
    public static readonly MetricDescriptor ConnectionInvalid = Pg("pgagroal_connection_invalid", MetricType.Counter, "Number of connection invalids");
    public static readonly MetricDescriptor ConnectionGet = Pg("pgagroal_connection_get", MetricType.Counter, "Number of connection gets");
    public static readonly MetricDescriptor ConnectionIdleTimeout = Pg("pgagroal_connection_idletimeout", MetricType.Counter, "Number of connection idle timeouts");
    public static readonly MetricDescriptor ConnectionMaxAge = Pg("pgagroal_connection_max_connection_age", MetricType.Counter, "Number of connection max age timeouts");
    public static readonly MetricDescriptor ConnectionFlush = Pg("pgagroal_connection_flush", MetricType.Counter, "Number of connection flushes");
    public static readonly MetricDescriptor ConnectionSuccess = Pg("pgagroal_connection_success", MetricType.Counter, "Number of connection successes");

    public static readonly MetricDescriptor AuthSuccess = Pg("pgagroal_auth_user_success", MetricType.Counter, "Number of successful user authentications");
    public static readonly MetricDescriptor AuthBadPassword = Pg("pgagroal_auth_user_bad_password", MetricType.Counter, "Number of bad passwords during user authentication");
    public static readonly MetricDescriptor AuthError = Pg("pgagroal_auth_user_error", MetricType.Counter, "Number of errors during user authentication");

    public static readonly MetricDescriptor ClientWait = Pg("pgagroal_client_wait", MetricType.Gauge, "Number of waiting clients");
    public static readonly MetricDescriptor ClientActive = Pg("pgagroal_client_active", MetricType.Gauge, "Number of active clients");

    public static readonly MetricDescriptor NetworkSent = Pg("pgagroal_network_sent", MetricType.Gauge, "Bytes sent by clients");
    public static readonly MetricDescriptor NetworkReceived = Pg("pgagroal_network_received", MetricType.Gauge, "Bytes received from servers");
    public static readonly MetricDescriptor ClientSockets = Pg("pgagroal_client_sockets", MetricType.Gauge, "Number of sockets the client used");
    public static readonly MetricDescriptor SelfSockets = Pg("pgagroal_self_sockets", MetricType.Gauge, "Number of sockets used by pgagroal itself");

    public static readonly MetricDescriptor ConnectionAwaiting = Pg("pgagroal_connection_awaiting", MetricType.Gauge, "Number of connection on-hold (awaiting)");
    public static readonly MetricDescriptor LimitAwaiting = Pg("pgagroal_limit_awaiting", MetricType.Gauge, "The connections on-hold (awaiting) information", "user", "database");
    public static readonly MetricDescriptor OsInfo = Pg("pgagroal_os_info", MetricType.Gauge, "Operating system version information", "os", "major", "minor", "patch");

    public static readonly MetricDescriptor ServerHealth = Pg("pgagroal_server_health", MetricType.Gauge,
        "The health of a server (0 down, 1 up, 2 unknown)", "server", "auth");
    public static readonly MetricDescriptor ServerVersion = Pg("pgagroal_server_version", MetricType.Gauge, "The major version of a server", "server");
    public static readonly MetricDescriptor ServerStreaming = Pg("pgagroal_server_streaming", MetricType.Gauge,
        "The replication state of a server (-1 primary, 0 not streaming, 1 streaming)", "name");
    public static readonly MetricDescriptor ServerResetQueryBehaviorOnFailure = Pg("pgagroal_server_reset_query_behavior_on_failure", MetricType.Gauge,
        "What a failed server reset query does (0 discard, 1 ignore, 2 try)");

    public static readonly MetricDescriptor CertificatesTotal = Pg("pgagroal_certificates_total", MetricType.Gauge, "Total number of TLS certificates configured");
    public static readonly MetricDescriptor CertificatesAccessible = Pg("pgagroal_certificates_accessible", MetricType.Gauge, "Number of accessible TLS certificates");
    public static readonly MetricDescriptor CertificatesValid = Pg("pgagroal_certificates_valid", MetricType.Gauge, "Number of valid TLS certificates");
    public static readonly MetricDescriptor CertificatesExpired = Pg("pgagroal_certificates_expired", MetricType.Gauge, "Number of expired TLS certificates");
    public static readonly MetricDescriptor CertificatesExpiringSoon = Pg("pgagroal_certificates_expiring_soon", MetricType.Gauge,
        "Number of TLS certificates expiring within 30 days");
    public static readonly MetricDescriptor CertificatesInaccessible = Pg("pgagroal_certificates_inaccessible", MetricType.Gauge,
        "Number of inaccessible TLS certificate files");
    public static readonly MetricDescriptor CertificatesParseErrors = Pg("pgagroal_certificates_parse_errors", MetricType.Gauge,
        "Number of TLS certificates with parsing errors");
    public static readonly MetricDescriptor TlsCertificateStatus = Pg("pgagroal_tls_certificate_status", MetricType.Gauge,
        "Certificate status (1=valid, 0=invalid/inaccessible)", "server", "path");
    public static readonly MetricDescriptor TlsCertificateExpiration = Pg("pgagroal_tls_certificate_expiration_seconds", MetricType.Gauge,
        "TLS certificate expiration time", "server");
    public static readonly MetricDescriptor TlsCertificateKeySize = Pg("pgagroal_tls_certificate_key_size_bits", MetricType.Gauge,
        "TLS certificate key size in bits", "server");
    public static readonly MetricDescriptor TlsCertificateIsCa = Pg("pgagroal_tls_certificate_is_ca", MetricType.Gauge,
        "Whether certificate is a CA certificate", "server");
    public static readonly MetricDescriptor TlsCertificateKeyType = Pg("pgagroal_tls_certificate_key_type", MetricType.Gauge, "TLS certificate key type", "server");
    public static readonly MetricDescriptor TlsCertificateSignatureAlgorithm = Pg("pgagroal_tls_certificate_signature_algorithm", MetricType.Gauge,
        "TLS certificate signature algorithm", "server");
    public static readonly MetricDescriptor TlsCertificateInfo = Pg("pgagroal_tls_certificate_info", MetricType.Gauge, "TLS certificate metadata",
        "server", "subject", "issuer", "serial_number", "expires_date", "valid_from_date", "key_type_name", "signature_algorithm_name", "key_size");

    public static readonly MetricDescriptor ClientWaitSeconds = Own("agroal_client_wait_seconds", MetricType.Histogram,
        "Time a client waited for a backend, per lease");
    public static readonly MetricDescriptor QueryDuration = Own("agroal_query_duration_seconds", MetricType.Histogram,
        "Time from a client request to the server's ReadyForQuery");
    public static readonly MetricDescriptor TransactionDuration = Own("agroal_transaction_duration_seconds", MetricType.Histogram,
        "Time from the request that opened a transaction to the ReadyForQuery that closed it");
    public static readonly MetricDescriptor MailboxDepth = Own("agroal_actor_mailbox_depth", MetricType.Gauge,
        "Messages queued in an actor's mailbox", "actor");
    public static readonly MetricDescriptor ActorRestarts = Own("agroal_actor_restarts_total", MetricType.Counter,
        "Actors restarted by their supervisor");
    public static readonly MetricDescriptor DeadLetters = Own("agroal_actor_dead_letters_total", MetricType.Counter,
        "Messages that reached no actor");
    public static readonly MetricDescriptor UnhandledMessages = Own("agroal_actor_unhandled_messages_total", MetricType.Counter,
        "Messages an actor did not handle");
    public static readonly MetricDescriptor BackendsOpened = Own("agroal_backend_connections_opened_total", MetricType.Counter,
        "Backend connections opened and logged in");
    public static readonly MetricDescriptor ClusterMembers = Own("agroal_cluster_members", MetricType.Gauge,
        "Cluster members this node sees, by status (cluster mode only)", "status");
    public static readonly MetricDescriptor ClusterUnreachableMembers = Own("agroal_cluster_unreachable_members", MetricType.Gauge,
        "Cluster members this node sees as unreachable (cluster mode only)");
    public static readonly MetricDescriptor ClusterSelfUp = Own("agroal_cluster_self_up", MetricType.Gauge,
        "1 while this node is an Up member serving clients, 0 otherwise (cluster mode only)");
    public static readonly MetricDescriptor ClusterNodeId = Own("agroal_cluster_node_id", MetricType.Gauge,
        "The id the cluster's node-id allocator gave this node, carried in its cancel keys; 0 until confirmed (cluster mode only)");
    public static readonly MetricDescriptor ClusterCancelRoutes = Own("agroal_cluster_cancel_routes", MetricType.Gauge,
        "Other members whose cancel keys this node can forward (cluster mode only)");
    public static readonly MetricDescriptor ClusterBudgetShare = Own("agroal_cluster_budget_share", MetricType.Gauge,
        "This node's share of the cluster-wide max_connections: the backends it may hold now (cluster mode only)");
    public static readonly MetricDescriptor ClusterCancelsForwarded = Own("agroal_cluster_cancels_forwarded_total", MetricType.Counter,
        "CancelRequests for another node's keys sent on to that node (cluster mode only)");
    public static readonly MetricDescriptor ClusterFailoverRuns = Own("agroal_cluster_failover_runs_total", MetricType.Counter,
        "Failovers the failover coordinator carried out while it ran on this node, by outcome: success, failure and timeout of " +
        "failover_script, already_promoted when the candidate had left recovery and the script was not run again (cluster mode only)", "outcome");

    /// <summary>Every family, in the order the exposition writes them.</summary>
    public static IReadOnlyList<MetricDescriptor> All { get; } =
    [
        State, PipelineMode, ServerError, LoggingInfo, LoggingWarn, LoggingError, LoggingFatal, FailedServers, WaitTime, QueryCount,
        ConnectionQueryCount, TxCount,
        ActiveConnections, TotalConnections, MaxConnections, Connection,
        Limit,
        SessionTime,
        ConnectionError, ConnectionKill, ConnectionRemove, ConnectionTimeout, ConnectionReturn, ConnectionInvalid, ConnectionGet,
        ConnectionIdleTimeout, ConnectionMaxAge, ConnectionFlush, ConnectionSuccess,
        AuthSuccess, AuthBadPassword, AuthError,
        ClientWait, ClientActive,
        NetworkSent, NetworkReceived, ClientSockets, SelfSockets,
        ConnectionAwaiting, LimitAwaiting,
        OsInfo,
        ServerHealth, ServerVersion, ServerStreaming, ServerResetQueryBehaviorOnFailure,
        CertificatesTotal, CertificatesAccessible, CertificatesValid, CertificatesExpired, CertificatesExpiringSoon, CertificatesInaccessible,
        CertificatesParseErrors, TlsCertificateStatus, TlsCertificateExpiration, TlsCertificateKeySize, TlsCertificateIsCa, TlsCertificateKeyType,
        TlsCertificateSignatureAlgorithm, TlsCertificateInfo,
        ClientWaitSeconds, QueryDuration, TransactionDuration, MailboxDepth, ActorRestarts, DeadLetters, UnhandledMessages, BackendsOpened,
        ClusterMembers, ClusterUnreachableMembers, ClusterSelfUp, ClusterNodeId, ClusterCancelRoutes, ClusterCancelsForwarded, ClusterBudgetShare,
        ClusterFailoverRuns,
    ];

    /// <summary>
    /// Every series name a query may use: family names, plus _bucket, _sum and _count for histograms.
    /// </summary>
    public static IReadOnlySet<string> SeriesNames { get; } = BuildSeriesNames();

    private static HashSet<string> BuildSeriesNames()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var metric in All)
        {
            names.Add(metric.Name);
            if (metric.Type == MetricType.Histogram)
            {
                names.Add(metric.Name + "_bucket");
                names.Add(metric.Name + "_sum");
                names.Add(metric.Name + "_count");
            }
        }
        return names;
    }

    private static MetricDescriptor Pg(string name, MetricType type, string help, params string[] labels) => new(name, type, help, labels, true);

    private static MetricDescriptor Own(string name, MetricType type, string help, params string[] labels) => new(name, type, help, labels, false);
}
