using Agroal.Tests.Integration.Fixtures;
using Npgsql;

namespace Agroal.Tests.Integration;

[Collection(PostgresCollection.Name)]
public sealed class FixtureTests(PostgresFixture fixture)
{
    private PostgresServer Server => fixture.Server;

    [Fact]
    public async Task Server_answers_select_1_over_tcp_with_scram()
    {
        await using var connection = new NpgsqlConnection(Server.ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        Assert.Equal(1, await command.ExecuteScalarAsync());
        Assert.Equal("127.0.0.1", Server.Host);
        Assert.StartsWith("/tmp/agroal-pg", Server.DataDirectory, StringComparison.Ordinal);
        Assert.Equal("scram-sha-256", await Server.ExecuteScalarAsync(
            $"SELECT auth_method FROM pg_hba_file_rules WHERE address = '127.0.0.1'"));
    }

    [Fact]
    public async Task Wrong_password_is_refused_over_tcp()
    {
        await using var connection = new NpgsqlConnection(Server.ConnectionString(Server.User, "not-the-password"));
        var error = await Assert.ThrowsAsync<PostgresException>(() => connection.OpenAsync());
        Assert.Equal("28P01", error.SqlState);
    }

    [Fact]
    public async Task Default_database_holds_the_pgbench_tables()
    {
        var count = await Server.ExecuteScalarAsync("SELECT count(*) FROM pgbench_branches", Server.Database);
        Assert.Equal("1", count);
        Assert.Equal(Server.User, await Server.ExecuteScalarAsync(
            $"SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = '{Server.Database}'"));
    }

    [Fact]
    public async Task Settings_fit_the_test_machine()
    {
        Assert.Equal("200", await Server.ExecuteScalarAsync("SHOW max_connections"));
        Assert.Equal("off", await Server.ExecuteScalarAsync("SHOW fsync"));
        Assert.Equal("32MB", await Server.ExecuteScalarAsync("SHOW shared_buffers"));
        Assert.Equal(Server.SocketDirectory, await Server.ExecuteScalarAsync("SHOW unix_socket_directories"));
    }

    [Fact]
    public async Task Role_created_with_CreateRoleAsync_logs_in_with_scram()
    {
        var name = "fixture_user_" + Guid.NewGuid().ToString("N")[..8];
        await Server.CreateRoleAsync(name, "s3cret 'quoted'");
        Assert.StartsWith("SCRAM-SHA-256$", await Server.ExecuteScalarAsync(
            $"SELECT rolpassword FROM pg_authid WHERE rolname = '{name}'"), StringComparison.Ordinal);

        await using var connection = new NpgsqlConnection(Server.ConnectionString(name, "s3cret 'quoted'", "postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT current_user", connection);
        Assert.Equal(name, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Md5_role_is_stored_as_md5()
    {
        var name = "fixture_md5_" + Guid.NewGuid().ToString("N")[..8];
        await Server.CreateRoleAsync(name, "pw", md5: true);
        Assert.StartsWith("md5", await Server.ExecuteScalarAsync(
            $"SELECT rolpassword FROM pg_authid WHERE rolname = '{name}'"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CountBackendsAsync_counts_an_open_connection()
    {
        var name = "fixture_count_" + Guid.NewGuid().ToString("N")[..8];
        await Server.CreateRoleAsync(name, "pw");
        Assert.Equal(0, await Server.CountBackendsAsync(Server.Database, name));

        await using (var connection = new NpgsqlConnection(Server.ConnectionString(name, "pw")))
        {
            await connection.OpenAsync();
            Assert.Equal(1, await Server.CountBackendsAsync(Server.Database, name));
            Assert.Equal(0, await Server.CountBackendsAsync("postgres", name));
        }

        // A backend goes away shortly after the client closes.
        for (var i = 0; i < 50 && await Server.CountBackendsAsync(Server.Database, name) != 0; i++)
        {
            await Task.Delay(50);
        }
        Assert.Equal(0, await Server.CountBackendsAsync(Server.Database, name));
    }

    [Fact]
    public async Task PgBench_runs_against_the_server_and_reports_tps()
    {
        var result = await PgBench.RunAsync(
            Server.Host, Server.Port, Server.User, Server.Password, Server.Database, ["-S", "-t", "20"], TimeSpan.FromSeconds(60));
        Assert.True(result.Succeeded, result.Output);
        Assert.NotNull(result.Tps);
        Assert.Equal(0, result.FailedTransactions);
    }

    [Fact]
    public async Task Psql_runs_sql_with_a_password_over_tcp()
    {
        var result = await Psql.RunAsync(
            Server.Host, Server.Port, Server.User, Server.Password, Server.Database, "SELECT 40 + 2", TimeSpan.FromSeconds(30));
        Assert.True(result.Succeeded, result.Output);
        Assert.Equal("42", result.Stdout.Trim());
    }

    [Fact]
    public async Task Stopped_server_starts_again_and_dispose_leaves_no_process_and_no_directory()
    {
        var server = await PostgresServer.StartAsync(new PostgresServerOptions
        {
            MaxConnections = 20,
            ExtraSettings = new Dictionary<string, string> { ["application_name"] = "fixture test" },
        });
        var directory = server.SocketDirectory;
        try
        {
            Assert.Equal("fixture test", await server.ExecuteScalarAsync("SHOW application_name"));
            Assert.Equal("20", await server.ExecuteScalarAsync("SHOW max_connections"));

            await server.StopAsync(immediate: true);
            await Assert.ThrowsAnyAsync<NpgsqlException>(() => server.ExecuteScalarAsync("SELECT 1"));
            await server.StartAgainAsync();
            Assert.Equal("1", await server.ExecuteScalarAsync("SELECT 1"));
        }
        finally
        {
            var postmasterPid = int.Parse(File.ReadAllLines(Path.Combine(server.DataDirectory, "postmaster.pid"))[0],
                System.Globalization.CultureInfo.InvariantCulture);
            await server.DisposeAsync();
            Assert.False(Directory.Exists(directory));
            Assert.False(IsRunning(postmasterPid));
        }
        var leftovers = await ProcessRunner.RunAsync("pgrep", ["-f", "postgres -D " + directory], null, TimeSpan.FromSeconds(10));
        Assert.Equal("", leftovers.Stdout.Trim());
    }

    // A stopped process may stay a zombie until init reaps it: that counts as gone.
    private static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    [Fact]
    public async Task Postgres_command_line_matches_the_runner_cleanup_pattern()
    {
        var found = await ProcessRunner.RunAsync(
            "pgrep", ["-f", "postgres -D " + Server.DataDirectory], null, TimeSpan.FromSeconds(10));
        Assert.NotEqual("", found.Stdout.Trim());
    }

    [Fact]
    public async Task ProcessRunner_kills_the_process_tree_on_timeout()
    {
        var marker = "agroal-runner-" + Guid.NewGuid().ToString("N")[..8];
        var result = await ProcessRunner.RunAsync(
            "/bin/sh", ["-c", $"sleep 30 & sleep 31; echo {marker}"], null, TimeSpan.FromMilliseconds(300));
        Assert.True(result.TimedOut);
        Assert.False(result.Succeeded);
        var survivors = await ProcessRunner.RunAsync("pgrep", ["-f", marker], null, TimeSpan.FromSeconds(10));
        Assert.Equal("", survivors.Stdout.Trim());
    }

    [Fact]
    public async Task ProcessRunner_returns_exit_code_and_both_streams()
    {
        var result = await ProcessRunner.RunAsync(
            "/bin/sh", ["-c", "echo out; echo err >&2; exit 3"], new Dictionary<string, string> { ["X"] = "1" }, TimeSpan.FromSeconds(10));
        Assert.Equal(3, result.ExitCode);
        Assert.Equal("out\n", result.Stdout);
        Assert.Equal("err\n", result.Stderr);
    }

    [Fact]
    public void PgBench_summary_is_parsed()
    {
        const string output = """
            number of transactions actually processed: 1000/1000
            number of failed transactions: 3 (0.300%)
            latency average = 0.412 ms
            initial connection time = 3.112 ms
            tps = 2425.871234 (without initial connection time)
            """;
        var result = PgBench.Parse(0, output);
        Assert.Equal(2425.871234, result.Tps);
        Assert.Equal(3, result.FailedTransactions);
        Assert.Null(PgBench.Parse(1, "connection refused").Tps);
    }

    [Fact]
    public void TempDirectory_is_private_and_deleted_on_dispose()
    {
        string path;
        using (var directory = TempDirectory.Create())
        {
            path = directory.Path;
            File.WriteAllText(directory.Combine("file"), "x");
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
                    File.GetUnixFileMode(path));
            }
        }
        Assert.False(Directory.Exists(path));
    }

    [Fact]
    public void FreePort_returns_a_bindable_port()
    {
        var port = FreePort.Get();
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
        listener.Start();
        Assert.InRange(port, 1, 65535);
    }
}
