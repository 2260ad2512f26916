using Agroal.Actors.Clients;
using Agroal.Actors.Configuration;
using Agroal.Actors.Configuration.Parsing;
using Agroal.Actors.Security.Hba;
using Agroal.Tests.Integration.Fixtures;
using Npgsql;

namespace Agroal.Tests.Integration.Pooling;

/// <summary>A real pgagroal_hba.conf decides who may log in through the pooler, with pgagroal's errors.</summary>
[Collection(PostgresCollection.Name)]
public sealed class HbaThroughThePoolerTests(PostgresFixture fixture)
{
    private PostgresServer Postgres => fixture.Server;

    [Fact]
    public async Task A_reject_line_refuses_the_client_and_the_next_line_is_never_reached()
    {
        await using var pooler = await StartAsync(
            $"host {Postgres.Database} {Postgres.User} 127.0.0.1/32 reject",
            "host all all 0.0.0.0/0 scram-sha-256");
        var error = await Assert.ThrowsAsync<PostgresException>(() => pooler.OpenAsync());
        Assert.Equal("28000", error.SqlState);
        Assert.Equal("connection refused", error.MessageText);
        // Another database is not matched by the reject line.
        await using var other = await pooler.OpenAsync(database: "postgres");
        Assert.Equal(System.Data.ConnectionState.Open, other.State);
    }

    [Fact]
    public async Task No_matching_line_gives_pgagroals_no_entry_error()
    {
        await using var pooler = await StartAsync("host all all 10.0.0.0/8 scram-sha-256");
        var error = await Assert.ThrowsAsync<PostgresException>(() => pooler.OpenAsync());
        Assert.Equal("28000", error.SqlState);
        Assert.Equal($"no pgagroal_hba.conf entry for host \"127.0.0.1\", user \"{Postgres.User}\", database \"{Postgres.Database}\"", error.MessageText);
    }

    [Fact]
    public async Task Cidr_masks_are_real_masks_not_whole_octets()
    {
        // pgagroal compares whole octets, so /25 would behave like /24 and let 127.0.0.1 in; a real mask does not.
        await using var narrow = await StartAsync("host all all 127.0.0.128/25 scram-sha-256");
        var error = await Assert.ThrowsAsync<PostgresException>(() => narrow.OpenAsync());
        Assert.Equal("28000", error.SqlState);
        await using var covering = await StartAsync("host all all 127.0.0.0/25 scram-sha-256");
        await using var connection = await covering.OpenAsync();
        Assert.Equal(System.Data.ConnectionState.Open, connection.State);
    }

    [Fact]
    public async Task The_method_of_the_matching_line_is_used()
    {
        await using var pooler = await StartAsync("host all all 127.0.0.1/32 md5");
        await using var connection = await pooler.OpenAsync();
        Assert.Equal(System.Data.ConnectionState.Open, connection.State);
        var wrong = await Assert.ThrowsAsync<PostgresException>(() => pooler.OpenAsync(password: "wrong"));
        Assert.Equal("28P01", wrong.SqlState);
    }

    private Task<PoolerHarness> StartAsync(params string[] lines)
    {
        var entries = new List<HbaEntry>();
        for (var i = 0; i < lines.Length; i++)
        {
            Assert.True(HbaFileParser.TryParseLine(lines[i], i + 1, out var entry, out var error), error);
            entries.Add(entry!);
        }
        var policy = new HbaAccessPolicy(new HbaMatcher(new HbaTable(entries), LimitTable.Empty));
        return PoolerHarness.StartAsync(Postgres, PipelineKind.Session, s => s with { Access = policy });
    }
}
