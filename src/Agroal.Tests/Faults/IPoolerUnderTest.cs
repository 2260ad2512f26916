using Agroal.Tests.Integration.Fixtures;
using Npgsql;

namespace Agroal.Tests.Faults;

/// <summary>A pooler a fault case checks the invariants against: in this process or the real <c>agroal</c> executable.</summary>
public interface IPoolerUnderTest
{
    int Port { get; }

    PostgresServer Postgres { get; }

    Task<NpgsqlConnection> OpenAsync(string? extra = null);

    /// <summary>Backends leased to clients right now (pgagroal_active_connections).</summary>
    Task<int> ActiveConnectionsAsync();

    /// <summary>Backends the pool holds right now, leased or idle (pgagroal_total_connections).</summary>
    Task<int> TotalConnectionsAsync();
}
