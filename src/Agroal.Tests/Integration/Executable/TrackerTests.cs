using System.Text.RegularExpressions;
using Agroal.Tests.Integration.Fixtures;
using Agroal.Tests.Integration.Pooling;
using Npgsql;

namespace Agroal.Tests.Integration.Executable;

/// <summary>
/// tracker through the real process: pgagroal's PGAGROAL|... lines at INFO for a client's start, authentication, lease,
/// return and stop, in pgagroal's field order; none while the key is off, and a reload turns them on.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed partial class TrackerTests(PostgresFixture fixture)
{
    [GeneratedRegex(@"PGAGROAL\|(?<id>\d+)\|(?<rest>[^\r\n]*)")]
    private static partial Regex TrackerLine();

    private static List<(int Id, string[] Fields)> Lines(string output)
    {
        var lines = new List<(int, string[])>();
        foreach (Match match in TrackerLine().Matches(output))
        {
            lines.Add((int.Parse(match.Groups["id"].Value, System.Globalization.CultureInfo.InvariantCulture), match.Groups["rest"].Value.Split('|')));
        }
        return lines;
    }

    private static async Task RunClientAsync(VaultedAgroal agroal, string applicationName)
    {
        var builder = new NpgsqlConnectionStringBuilder(agroal.Postgres.ConnectionString()) { Port = agroal.Port, ApplicationName = applicationName };
        await using var client = new NpgsqlConnection(builder.ConnectionString);
        await client.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT 1", client);
        await command.ExecuteScalarAsync();
    }

    [Fact]
    public async Task A_reload_turns_the_tracker_on_and_a_client_leaves_pgagroal_lines_for_each_step()
    {
        await using var agroal = await VaultedAgroal.StartAsync(fixture.Server, "log_type = console\nlog_level = info\ntracker = off\n");
        await RunClientAsync(agroal, "untracked");
        Assert.Empty(Lines(agroal.Process.Output));

        agroal.WriteConfig("log_type = console\nlog_level = info\ntracker = on\n");
        agroal.Process.Signal("HUP");
        // The summary line, written once every part has taken the new values (a reload's warnings come before it).
        await Eventually.TrueAsync(() => Task.FromResult(agroal.Process.Output.Contains("reload: applied", StringComparison.Ordinal)), "the reload", 30);
        await RunClientAsync(agroal, "tracked-app");
        await Eventually.TrueAsync(() => Task.FromResult(Lines(agroal.Process.Output).Exists(l => l.Id == 1)), "the client stop line", 30);

        var lines = Lines(agroal.Process.Output);
        var user = fixture.Server.User;
        var database = fixture.Server.Database;
        var pid = agroal.Process.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // Client events: -1|-3|ms|pid|user|database||-1|primary|-1|-3|-1|-1|active|count| (15 fields after the id, then the trailing bar).
        foreach (var id in new[] { 0, 8, 1 })
        {
            var (_, fields) = Assert.Single(lines, l => l.Id == id);
            Assert.Equal(16, fields.Length);
            Assert.Equal(["-1", "-3"], fields[..2]);
            Assert.True(long.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture) > 1_700_000_000_000);
            Assert.Equal([pid, user, database, ""], fields[3..7]);
            Assert.Equal("", fields[15]);
        }
        // Backend events: slot|state|ms|pid|user|database|appname|new|server|tx_mode|has_security|limit_rule|fd|active|count|.
        var (_, lease) = Assert.Single(lines, l => l.Id == 2);
        var (_, giveBack) = Assert.Single(lines, l => l.Id == 5);
        Assert.Equal(16, lease.Length);
        Assert.Equal("1", lease[1]);
        Assert.Equal("0", giveBack[1]);
        Assert.Equal(lease[0], giveBack[0]);
        Assert.True(int.Parse(lease[0], System.Globalization.CultureInfo.InvariantCulture) >= 0);
        Assert.Equal([pid, user, database, "tracked-app"], lease[3..7]);
        Assert.Equal("0", lease[9]);
        var order = lines.ConvertAll(l => l.Id);
        Assert.Equal([0, 100, 8, 2, 101, 103, 5, 102, 1], order);

        // Socket events: ms|pid|fd|, the client's descriptor on 100 and 102, the backend's on 101 and 103 and in the lease line.
        var sockets = lines.FindAll(l => l.Id >= 100);
        Assert.All(sockets, l => Assert.Equal(4, l.Fields.Length));
        Assert.All(sockets, l => Assert.Equal(pid, l.Fields[1]));
        var clientFd = Assert.Single(sockets, l => l.Id == 100).Fields[2];
        var serverFd = Assert.Single(sockets, l => l.Id == 101).Fields[2];
        Assert.Equal(clientFd, Assert.Single(sockets, l => l.Id == 102).Fields[2]);
        Assert.Equal(serverFd, Assert.Single(sockets, l => l.Id == 103).Fields[2]);
        Assert.Equal(serverFd, lease[12]);
        Assert.True(int.Parse(clientFd, System.Globalization.CultureInfo.InvariantCulture) > 2);
        Assert.True(int.Parse(serverFd, System.Globalization.CultureInfo.InvariantCulture) > 2);
        Assert.NotEqual(clientFd, serverFd);
    }
}
