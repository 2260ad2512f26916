using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Agroal.Actors.Configuration;
using Agroal.Actors.Runtime;
using Agroal.Tests.Runtime;
using Akka.Actor;
using Agroal.Actors.Management;
using Agroal.Actors.Management.Client;
using Agroal.Actors.Management.Configuration;
using Agroal.Actors.Management.Remote;
using Agroal.Actors.Pool;
using Agroal.Actors.Security.Vault;
using Agroal.Tests.Configuration;
using Agroal.Tests.Integration.Fixtures;
using Agroal.Tests.Integration.Pooling;

namespace Agroal.Tests.Management;

/// <summary>
/// A management endpoint on a private socket directory and an ephemeral port, in front of a fake pool and an
/// in-memory configuration, with one admin "admin"/"admin-secret". No PostgreSQL needed.
/// </summary>
internal sealed class ManagementTestBed : IAsyncDisposable
{
    public const string AdminUser = "admin";
    public const string AdminPassword = "admin-secret";

    /// <summary>The pooler port in the bed's pgagroal.conf: its per-instance socket is .s.pgagroal.2345.</summary>
    public const int InstancePort = 2345;

    private readonly TempDirectory _directory;
    private readonly ActorSystem _system;
    private readonly ManagementService _service;

    private ManagementTestBed(TempDirectory directory, TempConfig config, ActorSystem system, ManagementService service,
        InMemoryConfigurationControl configuration, ConcurrentQueue<object> poolMessages, CountingMetrics? metrics)
    {
        _directory = directory;
        Config = config;
        _system = system;
        _service = service;
        Configuration = configuration;
        PoolMessages = poolMessages;
        Metrics = metrics;
    }

    public TempConfig Config { get; }

    public InMemoryConfigurationControl Configuration { get; }

    public ConcurrentQueue<object> PoolMessages { get; }

    public CountingMetrics? Metrics { get; }

    public int ShutdownRequests;

    public string SocketPath => _service.Endpoint!.SocketPath!;

    public int RemotePort => _service.Endpoint!.RemotePort!.Value;

    public ManagementTarget Local => ManagementTarget.Local(SocketPath);

    public ManagementTarget Remote(string user = AdminUser, string password = AdminPassword) =>
        ManagementTarget.Remote("127.0.0.1", RemotePort, user, password);

    public static PoolProtocol.Status DefaultStatus { get; } = new(10, 2, 1, 0,
    [
        new PoolProtocol.SlotStatus(0, SlotState.InUse, "alice", "appdb", "primary", "billing", 0, 0),
        new PoolProtocol.SlotStatus(1, SlotState.Free, "bob", "appdb", "primary", "", 0, 0),
    ]);

    public static async Task<ManagementTestBed> StartAsync(
        Func<object, PoolProtocol.Done>? control = null, string hba = "host all all 127.0.0.1/32 scram-sha-256\n", bool withMetrics = false,
        string extraMainKeys = "", string limits = "appdb=appalias alice 5 0 0\n", ManagementTlsUpgrade? tls = null,
        PoolProtocol.Status? status = null, Func<VaultResult<MasterKey>>? masterKey = null)
    {
        var directory = TempDirectory.Create("/tmp/agroal-mgmt");
        var config = new TempConfig()
            .Main($"[pgagroal]\nhost = 127.0.0.1\nport = 2345\nunix_socket_dir = {directory.Path}\nmax_connections = 10\n{extraMainKeys}\n[primary]\nhost = 127.0.0.1\nport = 5432\n")
            .Hba(hba)
            .Limits(limits);
        var configuration = new InMemoryConfigurationControl(config.LoadValid(), () => config.Load());
        var system = ActorSystem.Create("mgmt-test", ActorTestConfig.RealTime);
        var received = new ConcurrentQueue<object>();
        control ??= static message => PoolProtocol.Done.NotSupported(message.GetType().Name);
        var pool = system.ActorOf(ActorProps.Of(() => new FakePoolActor(status ?? DefaultStatus, control, received)), "pool");
        var metrics = withMetrics ? new CountingMetrics() : null;
        ManagementTestBed? bed = null;
        var service = ManagementService.Start(system,
            new ManagementSettings
            {
                Pool = pool,
                Configuration = configuration,
                Metrics = metrics,
                ShutdownImmediately = () => Interlocked.Increment(ref bed!.ShutdownRequests),
                AskTimeout = TimeSpan.FromSeconds(5),
            },
            new ManagementEndpointSettings
            {
                UnixSocketDirectory = directory.Path,
                InstancePort = InstancePort,
                MasterKey = masterKey,
                Host = "127.0.0.1",
                RemotePort = 0,
                Admins = new AdminCredentials(new Dictionary<string, string> { [AdminUser] = AdminPassword }),
                Access = new ConfigurationAccessPolicy(configuration),
                MaxPayload = 64 * 1024,
                Tls = tls,
            },
            TestLogging.Factory);
        bed = new ManagementTestBed(directory, config, system, service, configuration, received, metrics);
        return await Task.FromResult(bed).ConfigureAwait(false);
    }

    public async Task<JsonObject> SendAsync(JsonObject request, ManagementTarget? target = null)
    {
        var reply = await ManagementClient.SendAsync(target ?? Local, request, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        Assert.True(reply.Received, reply.Error);
        return reply.Document!;
    }

    public async ValueTask DisposeAsync()
    {
        await _service.DisposeAsync().ConfigureAwait(false);
        await _system.Terminate().ConfigureAwait(false);
        Config.Dispose();
        _directory.Dispose();
    }

    internal sealed class CountingMetrics : IMetricsControl
    {
        public int Clears;

        public void Clear() => Interlocked.Increment(ref Clears);
    }
}
