using Agroal.Tests.Integration.Fixtures;

namespace Agroal.Tests.Faults;

/// <summary>The fault cases' own PostgreSQL 15 (TLS on, plain TCP allowed too): restarted, stopped and frozen by them and by nobody else.</summary>
public sealed class FaultPostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;

    public PostgresServer Server => _server ?? throw new InvalidOperationException("the fixture is not initialised");

    public async Task InitializeAsync() =>
        _server = await PostgresServer.StartAsync(new PostgresServerOptions { MaxConnections = 100, Ssl = true });

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
