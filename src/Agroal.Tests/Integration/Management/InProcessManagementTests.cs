using System.Globalization;
using System.Text.Json.Nodes;
using Agroal.Actors.Clients;
using Agroal.Actors.Management;
using Agroal.Actors.Management.Configuration;
using Agroal.Actors.Management.Remote;
using Agroal.Tests.Cli;
using Agroal.Tests.Configuration;
using Agroal.Tests.Integration.Fixtures;
using Agroal.Tests.Integration.Pooling;
using Agroal.Tests.Management;

namespace Agroal.Tests.Integration.Management;

/// <summary>agroal-cli against an in-process pooler in front of the test PostgreSQL, local and remote, text and JSON.</summary>
[Collection(PostgresCollection.Name)]
public sealed class InProcessManagementTests(PostgresFixture fixture)
{
    private PostgresServer Postgres => fixture.Server;

    [Fact]
    public async Task Status_details_shows_the_slot_a_connected_client_holds()
    {
        await using var setup = await Setup.StartAsync(Postgres);
        await using var client = await setup.Pooler.OpenAsync(extra: "Application Name=mgmt-details");

        var json = new CliRun(home: null).Run("-c", setup.Config.MainFile!, "-F", "json", "status", "details");
        var text = new CliRun(home: null).Run([.. setup.RemoteArguments, "status", "details"]);

        Assert.Equal(0, json.ExitCode);
        var response = JsonNode.Parse(json.Out)!["Response"]!.AsObject();
        Assert.Equal(1, response["ActiveConnections"]!.GetValue<int>());
        var slot = Assert.Single(response["Connections"]!.AsArray());
        Assert.Equal("Active", slot!["State"]!.GetValue<string>());
        Assert.Equal(Postgres.User, slot["Username"]!.GetValue<string>());
        Assert.Equal(Postgres.Database, slot["Database"]!.GetValue<string>());
        Assert.Equal("mgmt-details", slot["AppName"]!.GetValue<string>());
        Assert.True(slot["StartTime"]!.GetValue<long>() > 0);
        // The client that holds the slot: its id and address.
        Assert.Matches(@"^client-\d+@127\.0\.0\.1:\d+$", slot["Client"]!.GetValue<string>());
        // The server's state as the pool tracks it: its role was read with pg_is_in_recovery() on first login.
        var server = response["Servers"]!["primary"]!;
        Assert.Equal("Primary", server["State"]!.GetValue<string>());
        Assert.Equal("UP", server["Health"]!.GetValue<string>());
        Assert.Equal("Yes", server["Primary"]!.GetValue<string>());
        Assert.Equal(15, server["MajorVersion"]!.GetValue<int>());
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("mgmt-details", text.Out, StringComparison.Ordinal);
        Assert.Contains("Active", text.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Flush_gracefully_with_T_closes_the_backend_a_client_still_holds_once_the_deadline_passes()
    {
        await using var setup = await Setup.StartAsync(Postgres);
        await using var holder = await setup.Pooler.OpenAsync();
        int pid;
        await using (var command = new Npgsql.NpgsqlCommand("SELECT pg_backend_pid()", holder))
        {
            pid = (int)(await command.ExecuteScalarAsync())!;
        }

        var flush = new CliRun(home: null).Run("-c", setup.Config.MainFile!, "-T", "1", "flush", "gracefully");

        Assert.Equal(0, flush.ExitCode);
        // Gracefully alone waits for the client; the deadline (pgagroal's -T) then closes the backend as flush all does.
        await Eventually.TrueAsync(async () => await Postgres.ExecuteScalarAsync($"SELECT count(*) FROM pg_stat_activity WHERE pid = {pid}") == "0",
            "the held backend closed after -T", 30);
        await Eventually.TrueAsync(async () => (await setup.Pooler.StatusAsync()).Total == 0, "the pool empty", 30);
        await using var next = await setup.Pooler.OpenAsync();
        await using var check = new Npgsql.NpgsqlCommand("SELECT pg_backend_pid()", next);
        Assert.NotEqual(pid, (int)(await check.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Every_command_answers_while_pgbench_loads_the_pooler()
    {
        await using var setup = await Setup.StartAsync(Postgres);
        var bench = PgBench.RunAsync("127.0.0.1", setup.Pooler.Port, Postgres.User, Postgres.Password, Postgres.Database,
            ["-n", "-S", "-c", "4", "-j", "2", "-T", "4"], TimeSpan.FromMinutes(1));
        var c = setup.Config.MainFile!;
        string[][] commands =
        [
            ["ping"], ["status"], ["status", "details"], ["conf", "get", "max_connections"], ["conf", "ls"], ["conf", "alias"],
            ["conf", "set", "blocking_timeout", "25"], ["conf", "reload"], ["flush", "idle"], ["enable"], ["disable", "nodb"],
            ["switch-to", "primary"], ["clear", "server", "primary"], ["clear", "prometheus"], ["shutdown", "cancel"],
        ];
        var outcomes = new List<string>();
        while (!bench.IsCompleted)
        {
            foreach (var command in commands)
            {
                var local = new CliRun(home: null).Run(["-c", c, .. command]);
                var remote = new CliRun(home: null).Run([.. setup.RemoteArguments, "-F", "json", .. command]);
                // 0 = done, 2 = an error outcome (the pool answers "not supported" for operations it lacks); never 1.
                Assert.True(local.ExitCode is 0 or 2, $"{string.Join(' ', command)}: {local.Error}");
                Assert.True(remote.ExitCode is 0 or 2, $"{string.Join(' ', command)}: {remote.Error}");
                outcomes.Add($"{string.Join(' ', command)}={local.ExitCode}");
            }
        }
        var result = await bench;

        Assert.True(result.Succeeded, result.Output);
        Assert.Equal(0L, result.FailedTransactions ?? 0);
        Assert.Contains("status details=0", outcomes);
        Assert.Contains("conf set blocking_timeout 25=0", outcomes);
        await using var after = await setup.Pooler.OpenAsync();
    }

    private sealed class Setup : IAsyncDisposable
    {
        private const string Admin = "opsadmin";
        private const string AdminPassword = "ops-secret";
        private readonly TempDirectory _directory;
        private readonly ManagementService _service;

        private Setup(PoolerHarness pooler, TempDirectory directory, TempConfig config, ManagementService service)
        {
            Pooler = pooler;
            _directory = directory;
            Config = config;
            _service = service;
        }

        public PoolerHarness Pooler { get; }

        public TempConfig Config { get; }

        public string[] RemoteArguments =>
            ["-h", "127.0.0.1", "-p", _service.Endpoint!.RemotePort!.Value.ToString(CultureInfo.InvariantCulture), "-U", Admin, "-P", AdminPassword];

        public static async Task<Setup> StartAsync(PostgresServer postgres)
        {
            var pooler = await PoolerHarness.StartAsync(postgres, PipelineKind.Session);
            var directory = TempDirectory.Create("/tmp/agroal-mgmt-it");
            var config = new TempConfig()
                .Main($"[pgagroal]\nhost = 127.0.0.1\nport = {pooler.Port}\nunix_socket_dir = {directory.Path}\nmax_connections = 10\n\n[primary]\nhost = {postgres.Host}\nport = {postgres.Port}\n")
                .Hba("host all all 127.0.0.1/32 scram-sha-256\n");
            var control = new InMemoryConfigurationControl(config.LoadValid(), () => config.Load());
            var service = ManagementService.Start(pooler.Server.System,
                new ManagementSettings { Pool = pooler.Server.Pool, Configuration = control, Lifecycle = pooler.Server.Lifecycle },
                new ManagementEndpointSettings
                {
                    UnixSocketDirectory = directory.Path,
                    InstancePort = pooler.Port,
                    Host = "127.0.0.1",
                    RemotePort = 0,
                    Admins = new AdminCredentials(new Dictionary<string, string> { [Admin] = AdminPassword }),
                    Access = new ConfigurationAccessPolicy(control),
                },
                TestLogging.Factory);
            return new Setup(pooler, directory, config, service);
        }

        public async ValueTask DisposeAsync()
        {
            await _service.DisposeAsync();
            await Pooler.DisposeAsync();
            Config.Dispose();
            _directory.Dispose();
        }
    }
}
