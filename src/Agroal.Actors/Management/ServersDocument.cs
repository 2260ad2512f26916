using System.Text.Json.Nodes;
using Agroal.Actors.Configuration;
using Agroal.Actors.Management.Wire;
using Agroal.Actors.Pool;

namespace Agroal.Actors.Management;

/// <summary>
/// pgagroal 2.1's <c>Servers</c> object of <c>status</c> and <c>ping</c>: one member per server, keyed by its name, with
/// the pool's view of it. pgagroal fills Status and Primary by logging in as health_check_user at each request;
/// agroal answers from what the pool already knows (the role found by its primary detection, the health check's
/// verdict), so a status never opens connections to PostgreSQL.
/// </summary>
public static class ServersDocument
{
    public const string HealthUp = "UP";
    public const string HealthDown = "DOWN";
    public const string HealthUnknown = "UNKNOWN";

    /// <summary>The status form: Server, Host, Port, State, Health, MajorVersion, SystemIdentifier, Status, Primary.</summary>
    /// <param name="identifiers">system_identifier by server name, as startup_validation read it; "" for a server not read.</param>
    public static JsonObject ForStatus(IReadOnlyList<ServerSettings> configured, PoolProtocol.Status status, PoolProtocol.Servers? known,
        IReadOnlyDictionary<string, string>? identifiers = null)
    {
        ArgumentNullException.ThrowIfNull(configured);
        var servers = new JsonObject();
        foreach (var server in configured)
        {
            var tracked = Find(known, server.Name);
            var state = tracked is null ? StatusDocument.ServerState(server, status) : StatusDocument.ServerStateName(tracked.State);
            var health = Health(tracked, state);
            servers[server.Name] = new JsonObject
            {
                [ManagementKeys.Server] = server.Name,
                [ManagementKeys.Host] = server.Host,
                [ManagementKeys.Port] = server.Port,
                [ManagementKeys.State] = state,
                [ManagementKeys.Health] = health,
                [ManagementKeys.MajorVersion] = tracked?.MajorVersion ?? 0,
                // As in pgagroal, learnt through startup_validation (at start and reload), not queried per status.
                [ManagementKeys.SystemIdentifier] = identifiers is not null && identifiers.TryGetValue(server.Name, out var identifier) ? identifier : "",
                [ManagementKeys.Status] = health == HealthUp ? "Running" : "Down",
                [ManagementKeys.Primary] = Primary(state),
            };
        }
        return servers;
    }

    /// <summary>The ping form: Host, Port, Status, Primary.</summary>
    public static JsonObject ForPing(IReadOnlyList<ServerSettings> configured, PoolProtocol.Servers? known)
    {
        ArgumentNullException.ThrowIfNull(configured);
        var servers = new JsonObject();
        foreach (var server in configured)
        {
            var tracked = Find(known, server.Name);
            var state = tracked is null ? (server.Primary ? "Not init (primary)" : "Not init") : StatusDocument.ServerStateName(tracked.State);
            servers[server.Name] = new JsonObject
            {
                [ManagementKeys.Host] = server.Host,
                [ManagementKeys.Port] = server.Port,
                [ManagementKeys.Status] = Health(tracked, state) == HealthUp ? "Running" : "Down",
                [ManagementKeys.Primary] = Primary(state),
            };
        }
        return servers;
    }

    /// <summary>DOWN once the health check or a dial failed, UP once a backend or probe got in, UNKNOWN before.</summary>
    private static string Health(PoolProtocol.ServerStatus? tracked, string state)
    {
        if (tracked is { Down: true } || tracked?.State == Pool.ServerState.Failed)
        {
            return HealthDown;
        }
        return state is "Primary" or "Replica" ? HealthUp : HealthUnknown;
    }

    private static string Primary(string state) => state switch
    {
        "Primary" => "Yes",
        "Replica" => "No",
        _ => "Unknown",
    };

    private static PoolProtocol.ServerStatus? Find(PoolProtocol.Servers? known, string name)
    {
        if (known is null)
        {
            return null;
        }
        foreach (var server in known.List)
        {
            if (string.Equals(server.Name, name, StringComparison.Ordinal))
            {
                return server;
            }
        }
        return null;
    }
}
