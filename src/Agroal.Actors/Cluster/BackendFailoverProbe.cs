using Agroal.Actors.Pool;
using Agroal.Actors.Pool.Backend;

namespace Agroal.Actors.Cluster;

/// <summary>
/// The coordinator's probes against PostgreSQL: a TCP connect for "does the old primary accept connections", and a
/// login (as the given user, through the pool's connector, with the server's TLS settings) with
/// <c>SELECT pg_is_in_recovery()</c> for the candidate.
/// </summary>
public sealed class BackendFailoverProbe(BackendConnector connector, IReadOnlyList<ServerEndpoint> servers, string user, string? password) : IFailoverProbe
{
    public async Task<bool> AcceptsConnectionsAsync(string host, int port, TimeSpan timeout)
    {
        var endpoint = Find(host, port);
        return await ServerReachability.ProbeAsync(endpoint, timeout).ConfigureAwait(false) is null;
    }

    public async Task<bool?> IsInRecoveryAsync(string host, int port, TimeSpan timeout)
    {
        var login = await connector.ConnectAsync(Find(host, port), new BackendLogin(new PoolKey(user, user, ""), password), timeout, CancellationToken.None)
            .ConfigureAwait(false);
        if (login.Connection is not { PendingAuthenticationRequest: null } connection)
        {
            if (login.Connection is { } pending)
            {
                await pending.CloseAsync(sayGoodbye: false).ConfigureAwait(false);
            }
            return null;
        }
        try
        {
            var (outcome, value) = await BackendQueryRunner.RunScalarAsync(connection, "SELECT pg_is_in_recovery()", timeout, CancellationToken.None)
                .ConfigureAwait(false);
            return outcome.Healthy && value is not null ? value == "t" : null;
        }
        finally
        {
            await connection.CloseAsync(sayGoodbye: true).ConfigureAwait(false);
        }
    }

    /// <summary>The configured server at that address (for its TLS settings); an unknown address is dialled in plaintext.</summary>
    private ServerEndpoint Find(string host, int port)
    {
        foreach (var server in servers)
        {
            if (server.Port == port && string.Equals(server.Host, host, StringComparison.Ordinal))
            {
                return server;
            }
        }
        return new ServerEndpoint(host, host, port, PrimaryHint: false);
    }
}
