using Agroal.Actors.Management.Client;
using Agroal.Actors.Management.Wire;
using Agroal.Tests.Integration.Fixtures;
using Agroal.Tests.Integration.Pooling;

namespace Agroal.Tests.Integration.Executable;

/// <summary>
/// startup_validation through the real process: the servers' system_identifier is read from PostgreSQL 15, two server
/// sections naming one PostgreSQL (TCP and its Unix socket) stop the start with on and warn with try, and status shows
/// the identifiers.
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
    public async Task A_reload_that_makes_two_servers_the_same_postgres_is_rejected_with_on_and_the_running_configuration_stays()
    {
        var main = $"startup_validation = on\nhealth_check_user = {Postgres.User}\nlog_type = console\n";
        await using var agroal = await VaultedAgroal.StartAsync(Postgres, main, primaryHint: false);

        agroal.WriteConfig(main + "blocking_timeout = 17\n", SameServerBySocket);
        agroal.Process.Signal("HUP");

        await Eventually.TrueAsync(() => Task.FromResult(agroal.Process.Output.Contains("reload rejected: startup_validation: servers [primary]", StringComparison.Ordinal)),
            "the reload rejected for the duplicate", 30);
        await using var client = await agroal.OpenAsync();
        Assert.False(agroal.Process.HasExited);
    }
}
