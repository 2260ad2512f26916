using Agroal.Actors.Clients;
using Agroal.Actors.Configuration;
using Agroal.Actors.Runtime;
using Agroal.Tests.Runtime;
using Akka.Actor;
using Agroal.Actors.Logging;
using Agroal.Actors.Metrics;
using Agroal.Actors.Pool;
using Agroal.Actors.Security.Authentication;
using Agroal.Actors.Security.Credentials;
using Microsoft.Extensions.Logging.Abstractions;

namespace Agroal.Tests.Metrics;

public sealed class MetricsCollectorTests : IAsyncDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("collector", ActorTestConfig.RealTime);
    private readonly Prometheus.CollectorRegistry _registry = Prometheus.Metrics.NewCustomRegistry();
    private readonly PoolCounters _poolCounters;
    private readonly LogCounters _logCounters = new();

    public MetricsCollectorTests()
    {
        _poolCounters = new PoolCounters(_registry);
    }

    public async ValueTask DisposeAsync() => await _system.Terminate();

    private static readonly PoolProtocol.Servers TwoServers = new([
        new PoolProtocol.ServerStatus("replica", "127.0.0.1", 5433, ServerState.NotInit, false),
        new PoolProtocol.ServerStatus("main", "127.0.0.1", 5432, ServerState.Primary, false, Errors: 1, MajorVersion: 15),
    ]);

    private (MetricsCollector Collector, PoolerServices Services) Create(PoolProtocol.Status? status, LimitTable? limits = null,
        PipelineKind pipeline = PipelineKind.Session, PoolProtocol.Servers? servers = null, Agroal.Actors.Cluster.ClusterMembership? cluster = null)
    {
        var pool = _system.ActorOf(ActorProps.Of(() => new StatusActor(status, servers ?? TwoServers)));
        var services = new PoolerServices(pool, new ClientSessionOptions { Pipeline = pipeline }, new AllowAll(),
            new CredentialStore(new Dictionary<string, string>(), new Dictionary<string, string>()), new CancelKeyRegistry(0),
            new ClientCounters(_registry), NullLoggerFactory.Instance, TimeProvider.System);
        var collector = new MetricsCollector(new MetricsSources
        {
            System = _system,
            Registry = _registry,
            Pool = pool,
            PoolCounters = _poolCounters,
            Services = services,
            MaxConnections = 3,
            Servers = [new ServerEndpoint("replica", "127.0.0.1", 5433, false), new ServerEndpoint("main", "127.0.0.1", 5432, true)],
            LogCounters = _logCounters,
            WatchedActors = [new("pool", pool)],
            StatusTimeout = TimeSpan.FromMilliseconds(300),
            RuntimeFigures = false,
            Cluster = cluster,
        }, new MetricsSettings { Host = "127.0.0.1", Port = 0, Limits = limits ?? LimitTable.Empty });
        return (collector, services);
    }

    /// <summary>The exposition of what was last applied with Update, without asking the pool again.</summary>
    private static async Task<string> ExportTextAsync(MetricsCollector collector) =>
        System.Text.Encoding.UTF8.GetString(await collector.ExportAsync(CancellationToken.None));

    private static PoolProtocol.Status StatusWithTwoSlots() => new(3, 2, 1, 0,
    [
        new PoolProtocol.SlotStatus(0, SlotState.InUse, "alice", "shop", "main", "psql", 0, 0),
        new PoolProtocol.SlotStatus(2, SlotState.Free, "bob", "crm", "main", "", 0, 0),
    ]);

    [Fact]
    public async Task Every_slot_up_to_max_connections_has_a_connection_line_with_pgagroal_state_names()
    {
        var (collector, _) = Create(StatusWithTwoSlots());
        var text = await collector.CollectTextAsync();

        Assert.Contains("pgagroal_connection{id=\"0\",user=\"alice\",database=\"shop\",application_name=\"psql\",state=\"in_use\"} 1\n", text);
        Assert.Contains("pgagroal_connection{id=\"1\",user=\"\",database=\"\",application_name=\"\",state=\"not_init\"} 0\n", text);
        Assert.Contains("pgagroal_connection{id=\"2\",user=\"bob\",database=\"crm\",application_name=\"\",state=\"free\"} 1\n", text);
        Assert.Contains("pgagroal_active_connections 1\n", text);
        Assert.Contains("pgagroal_total_connections 2\n", text);
        Assert.Contains("# TYPE pgagroal_max_connections counter\npgagroal_max_connections 3\n", text);
    }

    [Fact]
    public async Task Limits_report_min_initial_max_and_the_backends_each_rule_governs()
    {
        var limits = new LimitTable([
            new LimitRule("shop", [], "alice", 5, 1, 0, 1),
            new LimitRule("all", [], "all", 10, 0, 0, 2),
        ]);
        var (collector, _) = Create(StatusWithTwoSlots(), limits);
        var text = await collector.CollectTextAsync();

        Assert.Contains("pgagroal_limit{user=\"alice\",database=\"shop\",type=\"max\"} 5\n", text);
        Assert.Contains("pgagroal_limit{user=\"alice\",database=\"shop\",type=\"initial\"} 1\n", text);
        Assert.Contains("pgagroal_limit{user=\"alice\",database=\"shop\",type=\"active\"} 1\n", text);
        // active counts backends in use, backend every backend the rule governs (bob's is idle).
        Assert.Contains("pgagroal_limit{user=\"all\",database=\"all\",type=\"active\"} 0\n", text);
        Assert.Contains("pgagroal_limit{user=\"all\",database=\"all\",type=\"backend\"} 1\n", text);
        Assert.Contains("pgagroal_limit_awaiting{user=\"all\",database=\"all\"} 0\n", text);
    }

    [Fact]
    public async Task Without_a_limits_file_there_are_no_limit_families()
    {
        var (collector, _) = Create(StatusWithTwoSlots());
        var text = await collector.CollectTextAsync();
        Assert.DoesNotContain("pgagroal_limit{", text);
        Assert.DoesNotContain("pgagroal_limit_awaiting{", text);
        Assert.Contains("pgagroal_connection_awaiting 0\n", text);
    }

    [Fact]
    public async Task A_pool_that_does_not_answer_still_yields_the_counters_without_slot_lines()
    {
        var (collector, _) = Create(status: null);
        _poolCounters.SetGauges(total: 4, active: 2, awaiting: 1);
        var text = await collector.CollectTextAsync();

        Assert.DoesNotContain("pgagroal_connection{", text);
        Assert.Contains("pgagroal_total_connections 4\n", text);
        Assert.Contains("pgagroal_active_connections 2\n", text);
        Assert.Contains("pgagroal_connection_awaiting 1\n", text);
    }

    [Fact]
    public async Task State_reads_2_during_graceful_shutdown_and_pipeline_mode_follows_the_pipeline()
    {
        var (collector, services) = Create(StatusWithTwoSlots(), pipeline: PipelineKind.Transaction);
        Assert.Contains("pgagroal_state 1\n", await collector.CollectTextAsync());
        services.RefuseNewClients = true;
        var text = await collector.CollectTextAsync();
        Assert.Contains("pgagroal_state 2\n", text);
        Assert.Contains("pgagroal_pipeline_mode 2\n", text);
    }

    [Fact]
    public async Task Pool_client_and_log_counters_appear_under_pgagroal_names()
    {
        var (collector, services) = Create(StatusWithTwoSlots());
        _poolCounters.AcquireRequested();
        _poolCounters.AcquireRequested();
        _poolCounters.ConnectionLeased();
        _poolCounters.ConnectionFailed();
        _poolCounters.ConnectionEvicted();
        services.Counters.AuthBadPasswordSeen();
        services.Counters.AddTraffic(7, 3, 100, 2000);
        services.Counters.RecordWait(TimeSpan.FromMilliseconds(250));
        services.Counters.RecordSession(TimeSpan.FromSeconds(12));
        _logCounters.Count(Microsoft.Extensions.Logging.LogLevel.Warning);
        var text = await collector.CollectTextAsync();

        Assert.Contains("pgagroal_connection_get 2\n", text);
        Assert.Contains("pgagroal_connection_success 1\n", text);
        Assert.Contains("pgagroal_connection_error 1\n", text);
        Assert.Contains("pgagroal_connection_remove 1\n", text);
        Assert.Contains("pgagroal_auth_user_bad_password 1\n", text);
        Assert.Contains("pgagroal_query_count 7\n", text);
        Assert.Contains("pgagroal_tx_count 3\n", text);
        Assert.Contains("pgagroal_network_sent 100\n", text);
        Assert.Contains("pgagroal_network_received 2000\n", text);
        Assert.Contains("pgagroal_wait_time 0.25\n", text);
        Assert.Contains("pgagroal_logging_warn 1\n", text);
        Assert.Contains("pgagroal_session_time_seconds_bucket{le=\"10\"} 0\n", text);
        Assert.Contains("pgagroal_session_time_seconds_bucket{le=\"20\"} 1\n", text);
        Assert.Contains("pgagroal_session_time_seconds_count 1\n", text);
        Assert.Contains("agroal_client_wait_seconds_bucket{le=\"0.5\"} 1\n", text);
    }

    [Fact]
    public async Task Server_errors_are_counted_against_the_server_that_failed_under_its_present_state()
    {
        var (collector, _) = Create(StatusWithTwoSlots());
        var text = await collector.CollectTextAsync();
        Assert.Contains("pgagroal_server_error{name=\"replica\",state=\"not_init\"} 0\n", text);
        Assert.Contains("pgagroal_server_error{name=\"main\",state=\"primary\"} 1\n", text);
        Assert.Contains("pgagroal_server_version{server=\"main\"} 15\n", text);
        Assert.Contains("pgagroal_server_streaming{name=\"main\"} -1\n", text);
        Assert.Contains("pgagroal_server_health{server=\"main\",auth=\"false\"} 2\n", text);
        Assert.Contains("pgagroal_failed_servers 0\n", text);
    }

    [Fact]
    public async Task A_server_that_changes_state_loses_its_old_series_and_clear_starts_its_errors_again()
    {
        var servers = new PoolProtocol.Servers([new PoolProtocol.ServerStatus("main", "127.0.0.1", 5432, ServerState.Primary, false, Errors: 2)]);
        var (collector, _) = Create(StatusWithTwoSlots(), servers: servers);
        Assert.Contains("pgagroal_server_error{name=\"main\",state=\"primary\"} 2\n", await collector.CollectTextAsync());

        collector.Update(null, new PoolProtocol.Servers([new PoolProtocol.ServerStatus("main", "127.0.0.1", 5432, ServerState.Failed, true, true, 3)]));
        var text = await ExportTextAsync(collector);
        Assert.DoesNotContain("state=\"primary\"", text);
        Assert.Contains("pgagroal_server_error{name=\"main\",state=\"failed\"} 3\n", text);
        Assert.Contains("pgagroal_failed_servers 1\n", text);
        Assert.Contains("pgagroal_server_health{server=\"main\",auth=\"false\"} 0\n", text);

        collector.ResetCounters();
        collector.Update(null, new PoolProtocol.Servers([new PoolProtocol.ServerStatus("main", "127.0.0.1", 5432, ServerState.Failed, true, true, 4)]));
        text = await ExportTextAsync(collector);
        Assert.Contains("pgagroal_server_error{name=\"main\",state=\"failed\"} 1\n", text);
    }

    [Fact]
    public async Task A_server_a_reload_marked_invalid_as_a_duplicate_counts_as_failed_with_state_invalid()
    {
        var servers = new PoolProtocol.Servers([
            new PoolProtocol.ServerStatus("main", "127.0.0.1", 5432, ServerState.Primary, false),
            new PoolProtocol.ServerStatus("same", "/tmp", 5432, ServerState.NotInit, false, DuplicateOf: "main"),
        ]);
        var (collector, _) = Create(StatusWithTwoSlots(), servers: servers);

        var text = await collector.CollectTextAsync();

        Assert.Contains("pgagroal_server_error{name=\"same\",state=\"invalid\"} 0\n", text);
        Assert.Contains("pgagroal_server_error{name=\"main\",state=\"primary\"} 0\n", text);
        Assert.Contains("pgagroal_failed_servers 1\n", text);
    }

    [Fact]
    public async Task A_slot_that_changes_hands_loses_its_old_series()
    {
        var (collector, _) = Create(StatusWithTwoSlots());
        await collector.CollectTextAsync();
        collector.Update(new PoolProtocol.Status(3, 1, 1, 0, [new PoolProtocol.SlotStatus(0, SlotState.InUse, "carol", "shop", "main", "app", 0, 0, Queries: 4)]), null);
        var text = await ExportTextAsync(collector);

        Assert.DoesNotContain("alice", text);
        Assert.DoesNotContain("bob", text);
        Assert.Contains("pgagroal_connection{id=\"0\",user=\"carol\",database=\"shop\",application_name=\"app\",state=\"in_use\"} 1\n", text);
        Assert.Contains("pgagroal_connection{id=\"2\",user=\"\",database=\"\",application_name=\"\",state=\"not_init\"} 0\n", text);
        Assert.Contains("pgagroal_connection_query_count{id=\"0\",user=\"carol\",database=\"shop\",application_name=\"app\"} 4\n", text);
    }

    [Fact]
    public async Task Limits_count_waiting_clients_per_rule()
    {
        var limits = new LimitTable([new LimitRule("shop", [], "alice", 5, 1, 0, 1), new LimitRule("all", [], "all", 10, 0, 0, 2)]);
        var status = StatusWithTwoSlots() with { Waiting = 3, WaitingKeys = [new PoolKey("alice", "shop", ""), new PoolKey("alice", "shop", ""), new PoolKey("bob", "crm", "")] };
        var (collector, _) = Create(status, limits);
        var text = await collector.CollectTextAsync();

        Assert.Contains("pgagroal_limit_awaiting{user=\"alice\",database=\"shop\"} 2\n", text);
        Assert.Contains("pgagroal_limit_awaiting{user=\"all\",database=\"all\"} 1\n", text);
        Assert.Contains("pgagroal_limit{user=\"all\",database=\"all\",type=\"backend\"} 1\n", text);
        Assert.Contains("pgagroal_connection_awaiting 3\n", text);
    }

    [Fact]
    public async Task Actor_figures_include_the_pool_mailbox_restarts_and_dead_letters()
    {
        var (collector, _) = Create(StatusWithTwoSlots());
        _system.DeadLetters.Tell("lost");
        // Akka publishes the dead letter on its event stream; the count follows asynchronously.
        await Integration.Pooling.Eventually.TrueAsync(() => Task.FromResult(ActorFigures.For(_system).DeadLetterCount == 1), "the dead letter counted");
        var text = await collector.CollectTextAsync();
        Assert.Contains("agroal_actor_mailbox_depth{actor=\"pool\"} 0\n", text);
        Assert.Contains("agroal_actor_restarts_total 0\n", text);
        Assert.Contains("agroal_actor_dead_letters_total 1\n", text);
    }

    [Fact]
    public async Task Cluster_families_show_this_nodes_budget_share_and_its_coordinators_failover_runs_by_outcome()
    {
        var membership = new Agroal.Actors.Cluster.ClusterMembership("akka.tcp://agroal@127.0.0.1:4552");
        membership.SetBudget(new Agroal.Actors.Cluster.BudgetShareView(8, 3, []));
        membership.FailoverRuns.CountScript(new Agroal.Actors.Failover.ScriptResult(0, "", TimedOut: false));
        membership.FailoverRuns.CountScript(new Agroal.Actors.Failover.ScriptResult(1, "", TimedOut: false));
        membership.FailoverRuns.CountScript(new Agroal.Actors.Failover.ScriptResult(-1, "", TimedOut: true));
        membership.FailoverRuns.CountAlreadyPromoted();
        membership.FailoverRuns.CountAlreadyPromoted();
        var (collector, _) = Create(StatusWithTwoSlots(), cluster: membership);
        var text = await collector.CollectTextAsync();

        Assert.Contains("agroal_cluster_budget_share 3\n", text);
        Assert.Contains("agroal_cluster_failover_runs_total{outcome=\"success\"} 1\n", text);
        Assert.Contains("agroal_cluster_failover_runs_total{outcome=\"failure\"} 1\n", text);
        Assert.Contains("agroal_cluster_failover_runs_total{outcome=\"timeout\"} 1\n", text);
        Assert.Contains("agroal_cluster_failover_runs_total{outcome=\"already_promoted\"} 2\n", text);

        // A later run shows on the next scrape.
        membership.FailoverRuns.CountScript(new Agroal.Actors.Failover.ScriptResult(0, "", TimedOut: false));
        Assert.Contains("agroal_cluster_failover_runs_total{outcome=\"success\"} 2\n", await collector.CollectTextAsync());
    }

    [Fact]
    public async Task Every_catalog_family_is_written_with_help_and_type()
    {
        var limits = new LimitTable([new LimitRule("all", [], "all", 10, 0, 0, 1)]);
        var (collector, _) = Create(StatusWithTwoSlots(), limits);
        var text = await collector.CollectTextAsync();
        foreach (var metric in MetricCatalog.All)
        {
            Assert.Contains($"# TYPE {metric.Name} {metric.TypeName}\n", text);
            // Pool and client counters are created in their own folders under the same names: their help must agree too.
            Assert.Contains($"# HELP {metric.Name} {metric.Help}\n", text);
        }
    }

    private sealed class StatusActor(PoolProtocol.Status? status, PoolProtocol.Servers servers) : UntypedActor
    {
        protected override void OnReceive(object message)
        {
            if (message is PoolProtocol.GetStatus && status is not null)
            {
                Sender?.Tell(status, Self);
            }
            else if (message is PoolProtocol.GetServers && status is not null)
            {
                Sender?.Tell(servers, Self);
            }
        }
    }

    private sealed class AllowAll : IAccessPolicy
    {
        public AccessDecision Decide(string database, string user, System.Net.IPAddress? clientAddress, bool isTls) =>
            AccessDecision.Allow(HbaMethod.Trust);
    }
}
