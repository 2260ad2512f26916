using Agroal.Actors.Clients;
using Agroal.Tests.Integration.Fixtures;
using Npgsql;

namespace Agroal.Tests.Integration.Pooling;

/// <summary>blocking_timeout = 0: max_retries tries along the connection_retry_delay back-off, then 53300.</summary>
[Collection(PostgresCollection.Name)]
public sealed class MaxRetriesTests(PostgresFixture fixture)
{
    [Fact]
    public async Task Without_retries_a_client_is_refused_at_once_when_every_backend_is_busy()
    {
        await using var pooler = await PoolerHarness.StartAsync(fixture.Server, PipelineKind.Session, s => s with
        {
            MaxConnections = 1,
            BlockingTimeout = TimeSpan.Zero,
            ConfigurePool = o => o with { MaxRetries = 0 },
        });
        await using var holder = await pooler.OpenAsync();
        var error = await Assert.ThrowsAsync<PostgresException>(() => pooler.OpenAsync());
        Assert.Equal("53300", error.SqlState);
    }

    [Fact]
    public async Task With_retries_left_a_client_is_served_by_a_backend_released_meanwhile()
    {
        // 40 retries capped at 999 ms: about half a minute of tries, far more than the test needs.
        await using var pooler = await PoolerHarness.StartAsync(fixture.Server, PipelineKind.Session, s => s with
        {
            MaxConnections = 1,
            BlockingTimeout = TimeSpan.Zero,
            ConfigurePool = o => o with { MaxRetries = 40, ConnectionRetryDelay = TimeSpan.FromMilliseconds(999) },
        });
        var holder = await pooler.OpenAsync();
        var second = pooler.OpenAsync();
        await Eventually.TrueAsync(async () => (await pooler.StatusAsync()).Waiting == 1, "second client retrying");
        await holder.DisposeAsync();
        await using var served = await second;
        Assert.Equal(System.Data.ConnectionState.Open, served.State);
    }

    [Fact]
    public async Task After_the_last_retry_the_client_gets_53300()
    {
        await using var pooler = await PoolerHarness.StartAsync(fixture.Server, PipelineKind.Session, s => s with
        {
            MaxConnections = 1,
            BlockingTimeout = TimeSpan.Zero,
            ConfigurePool = o => o with { MaxRetries = 5, ConnectionRetryDelay = TimeSpan.FromMilliseconds(10) },
        });
        await using var holder = await pooler.OpenAsync();
        var error = await Assert.ThrowsAsync<PostgresException>(() => pooler.OpenAsync());
        Assert.Equal("53300", error.SqlState);
        Assert.Equal(0, (await pooler.StatusAsync()).Waiting);
    }
}
