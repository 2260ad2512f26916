using Agroal.Tests.Integration.Fixtures;
using Agroal.Tests.Integration.Pooling;
using Npgsql;

namespace Agroal.Tests.Faults;

/// <summary>The in-process pooler seen through <see cref="IPoolerUnderTest"/>.</summary>
public sealed class HarnessPooler(PoolerHarness harness) : IPoolerUnderTest
{
    public int Port => harness.Port;

    public PostgresServer Postgres => harness.Postgres;

    public Task<NpgsqlConnection> OpenAsync(string? extra = null) => harness.OpenAsync(extra: extra);

    public async Task<int> ActiveConnectionsAsync() => (await harness.StatusAsync()).Active;

    public async Task<int> TotalConnectionsAsync() => (await harness.StatusAsync()).Total;
}
