using Agroal.Actors.Configuration;
using Agroal.Actors.Pool;
using Agroal.Actors.Pool.Backend;

namespace Agroal.Actors.Hosting;

/// <summary>
/// startup_validation: logs in to every server as health_check_user and reads <c>system_identifier</c> from
/// <c>pg_control_system()</c>, so that two server sections naming the same PostgreSQL (two addresses of one host, a
/// socket and a port) are caught. As in pgagroal, a server marked <c>primary = on</c> is left out of the comparison:
/// its streaming replicas share its identifier by design. At start, with <c>on</c> a duplicate, a missing
/// health_check_user or an unreadable server is an error (the start is refused, as pgagroal 2.1 does); with <c>try</c>
/// each is a warning; <c>off</c> reads nothing. On a reload (<c>atStart</c> false) nothing is an error: each duplicate
/// pair is reported in <see cref="ServerIdentityReport.Duplicates"/> for the pool to mark one of them invalid (with
/// <c>on</c>, as pgagroal documents for its reload) or as a warning (with <c>try</c>); a server that is down for a moment must not
/// block a reload.
/// </summary>
public static class ServerIdentityCheck
{
    private const string IdentifierQuery = "SELECT system_identifier::text FROM pg_control_system()";

    public static async Task<ServerIdentityReport> RunAsync(TriState mode, PoolOptions pool, BackendConnector connector, bool atStart,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(connector);
        var report = new ServerIdentityReport();
        if (mode == TriState.Off)
        {
            return report;
        }
        if (pool.HealthCheckUser.Length == 0)
        {
            report.Add(mode == TriState.On && atStart, "startup_validation: the servers' system_identifier is read as health_check_user, which is not set" +
                (mode == TriState.On ? "; set health_check_user or startup_validation = try" : "; not compared"));
            return report;
        }
        var timeout = pool.HealthCheckTimeout < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : pool.HealthCheckTimeout;
        var lookups = new Task<(ServerEndpoint Server, string? Identifier, string? Error)>[pool.Servers.Count];
        for (var i = 0; i < lookups.Length; i++)
        {
            lookups[i] = ReadAsync(pool.Servers[i], pool.HealthCheckUser, pool.BackendPassword(pool.HealthCheckUser), connector, timeout, cancellationToken);
        }
        var results = await Task.WhenAll(lookups).ConfigureAwait(false);
        foreach (var (server, identifier, error) in results)
        {
            if (identifier is null)
            {
                report.Add(mode == TriState.On && atStart, $"startup_validation: could not read the system_identifier of server [{server.Name}] ({Address(server)}): {error}");
                continue;
            }
            report.Identifiers[server.Name] = identifier;
        }
        for (var i = 0; i < results.Length; i++)
        {
            var first = results[i];
            if (first.Identifier is null || first.Server.PrimaryHint)
            {
                continue;
            }
            for (var j = i + 1; j < results.Length; j++)
            {
                var second = results[j];
                if (second.Identifier != first.Identifier || second.Server.PrimaryHint)
                {
                    continue;
                }
                var finding = $"startup_validation: servers [{first.Server.Name}] ({Address(first.Server)}) and [{second.Server.Name}] " +
                    $"({Address(second.Server)}) have the same system_identifier ({first.Identifier}): they are the same PostgreSQL";
                if (atStart)
                {
                    report.Add(mode == TriState.On, finding);
                    continue;
                }
                report.Duplicates.Add(new DuplicateServerPair(first.Server, second.Server, first.Identifier));
                if (mode == TriState.Try)
                {
                    report.Add(false, finding + "; both stay in use (startup_validation = try)");
                }
            }
        }
        return report;
    }

    private static async Task<(ServerEndpoint, string?, string?)> ReadAsync(ServerEndpoint server, string user, string? password,
        BackendConnector connector, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // The health check's login: health_check_user into the database of the same name.
        var login = await connector.ConnectAsync(server, new BackendLogin(new PoolKey(user, user, ""), password), timeout, cancellationToken).ConfigureAwait(false);
        if (login.Connection is not { } connection)
        {
            return (server, null, login.Error?.Detail ?? login.Error?.Message ?? "login failed");
        }
        try
        {
            var (outcome, value) = await BackendQueryRunner.RunScalarAsync(connection, IdentifierQuery, timeout, cancellationToken).ConfigureAwait(false);
            return outcome.Healthy && value is { Length: > 0 }
                ? (server, value, null)
                : (server, null, outcome.Error?.Message ?? outcome.Failure ?? "no system_identifier returned");
        }
        finally
        {
            await connection.CloseAsync(sayGoodbye: true).ConfigureAwait(false);
        }
    }

    private static string Address(ServerEndpoint server) => server.IsUnixSocket ? server.UnixSocketPath : $"{server.Host}:{server.Port}";
}
