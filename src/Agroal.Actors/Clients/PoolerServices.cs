using Akka.Actor;
using Agroal.Actors.Security.Authentication;
using Agroal.Actors.Security.Credentials;
using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Clients;

/// <summary>What every client session shares: the pool, the live configuration, credentials, cancel keys, counters.</summary>
public sealed class PoolerServices
{
    private ClientSessionOptions _options;
    private IAccessPolicy _access;
    private CredentialStore _credentials;

    /// <param name="disabledDatabases">The pool's own set (<see cref="Pool.PoolLifecycle.DisabledDatabases"/>), read at
    /// login; a private empty one when null (no management).</param>
    public PoolerServices(IActorRef pool, ClientSessionOptions options, IAccessPolicy access, CredentialStore credentials,
        CancelKeyRegistry cancelKeys, ClientCounters counters, ILoggerFactory loggerFactory, TimeProvider clock,
        Pool.DisabledDatabases? disabledDatabases = null)
    {
        Pool = pool;
        DisabledDatabases = disabledDatabases ?? new Pool.DisabledDatabases();
        _options = options;
        _access = access;
        _credentials = credentials;
        CancelKeys = cancelKeys;
        Counters = counters;
        LoggerFactory = loggerFactory;
        SessionLogger = loggerFactory.CreateLogger("Agroal.Actors.Clients.ClientSession");
        Clock = clock;
    }

    public IActorRef Pool { get; }

    public ClientSessionOptions Options => Volatile.Read(ref _options);

    public IAccessPolicy Access => Volatile.Read(ref _access);

    public CredentialStore Credentials => Volatile.Read(ref _credentials);

    public CancelKeyRegistry CancelKeys { get; }

    public ClientCounters Counters { get; }

    /// <summary>Client actors whose session ended, ready for the next accepted socket (see <see cref="ClientsSupervisorActor"/>).</summary>
    public FreeClientActors FreeClientActors { get; } = new();

    public ILoggerFactory LoggerFactory { get; }

    /// <summary>Every session's logger: one category, so made once rather than looked up under the factory's lock per login.</summary>
    public ILogger SessionLogger { get; }

    public TimeProvider Clock { get; }

    /// <summary>auth_query's lookups and recovered keys; null when the pooler was started without it.</summary>
    public Security.AuthQuery.AuthQueryService? AuthQuery { get; init; }

    /// <summary>The pool's shared lanes for leasing and returning without a message; null: every lease asks the pool manager.</summary>
    public Pool.Lanes.PoolLanes? Lanes { get; init; }

    /// <summary>Databases refused at login (management <c>disable</c>): operator state, so a reload does not touch it.</summary>
    public IReadOnlySet<string> DisabledDatabases { get; }

    /// <summary>In cluster mode: sends cancels for keys other nodes issued to those nodes; null when standalone.</summary>
    public Cluster.CancelForwarder? CancelForwarder { get; set; }

    /// <summary>
    /// Cluster mode: set until this node is an Up member. Until then it has no share of the connection budget, so it
    /// refuses logins at once (57P03) rather than let them wait for a backend it may not open.
    /// </summary>
    public bool AwaitingClusterUp { get; set; }

    /// <summary>
    /// Cluster mode with failover: completes once this node, Up, has read the cluster's primary view (from a majority, or
    /// its own copy after the read timeout). A login that finds the node Up waits for it, so that its first backend goes
    /// to the cluster's primary; a node that is not Up refuses at once (<see cref="AwaitingClusterUp"/>). Null otherwise.
    /// </summary>
    public Task? ClusterReady { get; set; }

    /// <summary>Set while a graceful shutdown refuses new logins.</summary>
    public bool RefuseNewClients { get; set; }

    /// <summary>Swaps in a reloaded configuration; sessions already running keep the snapshot they started with.</summary>
    public void Reconfigure(ClientSessionOptions options, IAccessPolicy access, CredentialStore credentials)
    {
        Volatile.Write(ref _options, options);
        Volatile.Write(ref _access, access);
        Volatile.Write(ref _credentials, credentials);
    }

    /// <summary>Swaps the credentials only (frontend password rotation); logins already under way keep the ones they read.</summary>
    public void ReplaceCredentials(CredentialStore credentials) => Volatile.Write(ref _credentials, credentials);
}
