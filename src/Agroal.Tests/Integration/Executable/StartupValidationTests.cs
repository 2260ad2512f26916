using Agroal.Actors.Management.Client;
using Agroal.Actors.Management.Wire;
using Agroal.Tests.Integration.Fixtures;
using Agroal.Tests.Integration.Pooling;
using System.Text.Json.Nodes;
using Npgsql;

namespace Agroal.Tests.Integration.Executable;

/// <summary>
/// startup_validation through the real process: the servers' system_identifier is read from PostgreSQL 15, two server
/// sections naming one PostgreSQL (TCP and its Unix socket) stop the start with on and warn with try, and status shows
/// the identifiers. At a reload the duplicate does not stop anything: with on one section is marked invalid by the
/// tie-break (and gets no clients), with try both stay in use and a warning says so.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class StartupValidationTests(PostgresFixture fixture)
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(40);

    private PostgresServer Postgres => fixture.Server;

    /// <summary>A second section for the same PostgreSQL, through its Unix socket.</summary>
    private string SameServerBySocket => $"\n[same]\nhost = {Postgres.SocketDirectory}\nport = {Postgres.Port}\n";

    private async Task<string> SystemIdentifierAsync() =>
        await Postgres.ExecuteScalarAsync("SELECT system_identifier::text FROM pg_control_system()");

    [Fact]
    public async Task On_refuses_to_start_when_two_servers_are_the_same_postgres_naming_both()
    {
        await using var agroal = await VaultedAgroal.StartAsync(Postgres,
            $"startup_validation = on\nhealth_check_user = {Postgres.User}\nlog_type = console\n", SameServerBySocket, awaitStart: false, primaryHint: false);

        var exit = await agroal.Process.WaitForExitAsync(ExitTimeout);

        Assert.Equal(1, exit);
        var identifier = await SystemIdentifierAsync();
        Assert.Contains($"servers [primary] ({Postgres.Host}:{Postgres.Port}) and [same] ({Path.Combine(Postgres.SocketDirectory, $".s.PGSQL.{Postgres.Port}")}) " +
            $"have the same system_identifier ({identifier}): they are the same PostgreSQL", agroal.Process.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("agroal: started", agroal.Process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_without_health_check_user_refuses_to_start_with_the_reason()
    {
        await using var agroal = await VaultedAgroal.StartAsync(Postgres, "startup_validation = on\nlog_type = console\n", awaitStart: false);

        Assert.Equal(1, await agroal.Process.WaitForExitAsync(ExitTimeout));
        Assert.Contains("read as health_check_user, which is not set", agroal.Process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Try_warns_about_the_duplicate_starts_and_status_carries_the_system_identifier()
    {
        await using var agroal = await VaultedAgroal.StartAsync(Postgres,
            $"startup_validation = try\nhealth_check_user = {Postgres.User}\nlog_type = console\n", SameServerBySocket, primaryHint: false);
        var identifier = await SystemIdentifierAsync();

        Assert.Contains($"have the same system_identifier ({identifier})", agroal.Process.Output, StringComparison.Ordinal);
        var reply = await ManagementClient.SendAsync(ManagementTarget.Local(agroal.ManagementSocket),
            ManagementRequests.Simple(ManagementCommandId.Status, ManagementDocument.OutputJson), TimeSpan.FromSeconds(15));
        Assert.True(reply.Received, reply.Error);
        var servers = reply.Document!["Response"]!["Servers"]!;
        Assert.Equal(identifier, servers["primary"]!["SystemIdentifier"]!.GetValue<string>());
        Assert.Equal(identifier, servers["same"]!["SystemIdentifier"]!.GetValue<string>());
    }

    [Fact]
    public async Task On_at_reload_applies_marks_the_new_duplicate_invalid_keeps_the_server_in_use_and_warns_naming_both()
    {
        var main = $"startup_validation = on\nhealth_check_user = {Postgres.User}\nlog_type = console\n";
        await using var agroal = await VaultedAgroal.StartAsync(Postgres, main, primaryHint: false);
        await using var held = await agroal.OpenAsync();

        agroal.WriteConfig(main + "blocking_timeout = 17\n", SameServerBySocket);
        agroal.Process.Signal("HUP");

        var identifier = await SystemIdentifierAsync();
        var warning = $"kept=primary ({Postgres.Host}:{Postgres.Port}) invalid=same ({SocketPath}) rule=active_connections system_identifier={identifier}";
        await Eventually.TrueAsync(() => Task.FromResult(agroal.Process.Output.Contains(warning, StringComparison.Ordinal)), "the warning naming both servers", 30);
        Assert.Contains("startup_validation: two servers are the same PostgreSQL, no connection goes to the invalid one", agroal.Process.Output, StringComparison.Ordinal);
        // The pool logs its verdict while the reload is still being applied; the summary line comes after it.
        await Eventually.TrueAsync(() => Task.FromResult(agroal.Process.Output.Contains("reload: applied changes=", StringComparison.Ordinal)), "the reload's summary", 30);
        Assert.DoesNotContain("reload rejected", agroal.Process.Output, StringComparison.Ordinal);

        var response = await StatusAsync(agroal, details: true);
        var servers = response["Servers"]!;
        Assert.Equal("Invalid", servers["same"]!["State"]!.GetValue<string>());
        Assert.Equal("primary", servers["same"]!["DuplicateOf"]!.GetValue<string>());
        Assert.Equal("Primary", servers["primary"]!["State"]!.GetValue<string>());
        Assert.Equal("Invalid", response["invalid_servers"]!["same"]!["State"]!.GetValue<string>());
        // The rest of the reload applied.
        var conf = await ManagementClient.SendAsync(ManagementTarget.Local(agroal.ManagementSocket),
            ManagementRequests.Simple(ManagementCommandId.ConfigGet, ManagementDocument.OutputJson), TimeSpan.FromSeconds(15));
        Assert.Equal(17, conf.Document!["Response"]!["blocking_timeout"]!["value"]!.GetValue<long>());
        Assert.NotNull(conf.Document!["Response"]!["server"]!["same"]);

        // Clients carry on through [primary]: the one holding its backend and new ones.
        await using (var command = new NpgsqlCommand("SELECT 1", held))
        {
            Assert.Equal(1, await command.ExecuteScalarAsync());
        }
        await using var second = await agroal.OpenAsync();
        await using (var command = new NpgsqlCommand("SELECT 2", second))
        {
            Assert.Equal(2, await command.ExecuteScalarAsync());
        }
        foreach (var connection in (await StatusAsync(agroal, details: true))["Connections"]!.AsArray())
        {
            Assert.Equal("primary", connection!["Server"]!.GetValue<string>());
        }
        var switchTo = await ManagementClient.SendAsync(ManagementTarget.Local(agroal.ManagementSocket),
            ManagementRequests.SwitchTo("same", ManagementDocument.OutputJson), TimeSpan.FromSeconds(15));
        Assert.False(ManagementDocument.IsSuccess(switchTo.Document!, out _));
        Assert.Contains("is invalid: startup_validation found it the same PostgreSQL as", switchTo.Json, StringComparison.Ordinal);
        Assert.False(agroal.Process.HasExited);
    }

    [Fact]
    public async Task On_at_reload_with_no_connection_in_use_keeps_the_primary()
    {
        var main = $"startup_validation = on\nhealth_check_user = {Postgres.User}\nlog_type = console\n";
        await using var agroal = await VaultedAgroal.StartAsync(Postgres, main, primaryHint: false);
        // One client makes [primary] the primary (role detection), then leaves its backend free.
        await using (var client = await agroal.OpenAsync())
        {
            await using var command = new NpgsqlCommand("SELECT 1", client);
            await command.ExecuteScalarAsync();
        }
        await Eventually.TrueAsync(async () => (await StatusAsync(agroal, details: false))["ActiveConnections"]!.GetValue<int>() == 0, "the backend returned", 30);

        agroal.WriteConfig(main, SameServerBySocket);
        agroal.Process.Signal("HUP");

        await Eventually.TrueAsync(() => Task.FromResult(agroal.Process.Output.Contains($"invalid=same ({SocketPath}) rule=primary", StringComparison.Ordinal)),
            "same marked invalid by the primary rule", 30);
        await using var next = await agroal.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT 1", next);
        Assert.Equal(1, await query.ExecuteScalarAsync());
        Assert.Equal("Invalid", (await StatusAsync(agroal, details: false))["Servers"]!["same"]!["State"]!.GetValue<string>());
    }

    [Fact]
    public async Task Try_at_reload_only_warns_and_both_servers_stay_valid()
    {
        var main = $"startup_validation = try\nhealth_check_user = {Postgres.User}\nlog_type = console\n";
        await using var agroal = await VaultedAgroal.StartAsync(Postgres, main, primaryHint: false);

        agroal.WriteConfig(main, SameServerBySocket);
        agroal.Process.Signal("HUP");

        await Eventually.TrueAsync(() => Task.FromResult(agroal.Process.Output.Contains("reload: applied changes=", StringComparison.Ordinal)), "the reload applied", 30);
        var identifier = await SystemIdentifierAsync();
        Assert.Contains($"reload: startup_validation: servers [primary] ({Postgres.Host}:{Postgres.Port}) and [same] ({SocketPath}) have the same system_identifier " +
            $"({identifier}): they are the same PostgreSQL; both stay in use (startup_validation = try)", agroal.Process.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("no connection goes to the invalid one", agroal.Process.Output, StringComparison.Ordinal);
        var response = await StatusAsync(agroal, details: false);
        Assert.NotEqual("Invalid", response["Servers"]!["same"]!["State"]!.GetValue<string>());
        Assert.Empty(response["invalid_servers"]!.AsObject());
    }

    private string SocketPath => Path.Combine(Postgres.SocketDirectory, $".s.PGSQL.{Postgres.Port}");

    private static async Task<JsonNode> StatusAsync(VaultedAgroal agroal, bool details)
    {
        var reply = await ManagementClient.SendAsync(ManagementTarget.Local(agroal.ManagementSocket),
            ManagementRequests.Simple(details ? ManagementCommandId.Details : ManagementCommandId.Status, ManagementDocument.OutputJson), TimeSpan.FromSeconds(15));
        Assert.True(reply.Received, reply.Error);
        return reply.Document!["Response"]!;
    }
}
