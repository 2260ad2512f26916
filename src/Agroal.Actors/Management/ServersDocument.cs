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

    /// <summary>pgagroal's State (status) and Status (ping) of a server a reload marked invalid as a duplicate.</summary>
    public const string Invalid = "Invalid";

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
            var entry = new JsonObject
            {
                [ManagementKeys.Server] = server.Name,
                [ManagementKeys.Host] = server.Host,
                [ManagementKeys.Port] = server.Port,
                [ManagementKeys.State] = tracked is { Invalid: true } ? Invalid : state,
                [ManagementKeys.Health] = health,
                [ManagementKeys.MajorVersion] = tracked?.MajorVersion ?? 0,
                // As in pgagroal, learnt through startup_validation (at start and reload), not queried per status.
                [ManagementKeys.SystemIdentifier] = identifiers is not null && identifiers.TryGetValue(server.Name, out var identifier) ? identifier : "",
                [ManagementKeys.Status] = StatusOf(tracked, health),
                [ManagementKeys.Primary] = tracked is { Invalid: true } ? "No" : Primary(state),
            };
            if (tracked is { Invalid: true })
            {
                entry[ManagementKeys.DuplicateOf] = tracked.DuplicateOf;
            }
            servers[server.Name] = entry;
        }
        return servers;
    }

    /// <summary>
    /// pgagroal's <c>invalid_servers</c> object (status form: Server, Host, Port, State; ping form: Host, Port, Status):
    /// the servers a reload marked invalid as duplicates. Agroal lists them in Servers as well, with State Invalid, so
    /// that a pgagroal 2.1 client sees them too.
    /// </summary>
    public static JsonObject InvalidServers(IReadOnlyList<ServerSettings> configured, PoolProtocol.Servers? known, bool pingForm)
    {
        ArgumentNullException.ThrowIfNull(configured);
        var invalid = new JsonObject();
        foreach (var server in configured)
        {
            if (Find(known, server.Name) is not { Invalid: true } tracked)
            {
                continue;
            }
            invalid[server.Name] = pingForm
                ? new JsonObject
                {
                    [ManagementKeys.Host] = server.Host,
                    [ManagementKeys.Port] = server.Port,
                    [ManagementKeys.Status] = Invalid,
                }
                : new JsonObject
                {
                    [ManagementKeys.Server] = server.Name,
                    [ManagementKeys.Host] = server.Host,
                    [ManagementKeys.Port] = server.Port,
                    [ManagementKeys.State] = Invalid,
                    [ManagementKeys.DuplicateOf] = tracked.DuplicateOf,
                };
        }
        return invalid;
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
                [ManagementKeys.Status] = StatusOf(tracked, Health(tracked, state)),
                [ManagementKeys.Primary] = tracked is { Invalid: true } ? "No" : Primary(state),
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

    private static string StatusOf(PoolProtocol.ServerStatus? tracked, string health) =>
        tracked is { Invalid: true } ? Invalid : health == HealthUp ? "Running" : "Down";

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
