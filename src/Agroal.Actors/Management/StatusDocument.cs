using System.Text.Json.Nodes;
using Agroal.Actors.Configuration;
using Agroal.Actors.Management.Wire;
using Agroal.Actors.Pool;

namespace Agroal.Actors.Management;

/// <summary>
/// pgagroal 2.1's <c>status</c> and <c>status details</c> response from the pool's snapshot: the totals, the
/// <c>Servers</c> object, and with details the limits, the disabled databases and one entry per slot in use (with
/// agroal's Slot, Server and Client besides pgagroal's fields).
/// </summary>
public static class StatusDocument
{
    public const string Running = "Running";
    public const string GracefulShutdown = "Graceful shutdown";

    public static void Fill(JsonObject response, PoolProtocol.Status status, AgroalConfiguration? configuration,
        IReadOnlyCollection<string> disabledDatabases, bool allDisabled, bool details, TimeProvider clock, PoolProtocol.Servers? servers = null,
        bool gracefulShutdown = false, IReadOnlyDictionary<string, string>? identifiers = null)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(clock);
        response[ManagementKeys.Status] = gracefulShutdown ? GracefulShutdown : Running;
        response[ManagementKeys.ActiveConnections] = status.Active;
        response[ManagementKeys.TotalConnections] = status.Total;
        response[ManagementKeys.MaxConnections] = status.MaxConnections;
        var configured = configuration?.Servers ?? [];
        response[ManagementKeys.NumberOfServers] = configured.Count;
        response[ManagementKeys.Servers] = ServersDocument.ForStatus(configured, status, servers, identifiers);
        response[ManagementKeys.InvalidServers] = ServersDocument.InvalidServers(configured, servers, pingForm: false);
        if (!details)
        {
            return;
        }
        response[ManagementKeys.Limits] = LimitsOf(configuration?.Limits ?? LimitTable.Empty, status);
        response[ManagementKeys.Databases] = DatabasesOf(disabledDatabases, allDisabled);
        response[ManagementKeys.Connections] = ConnectionsOf(status, clock);
    }

    /// <summary>pgagroal's spelling of a server state.</summary>
    public static string ServerStateName(Pool.ServerState state) => state switch
    {
        Pool.ServerState.NotInit => "Not init",
        Pool.ServerState.NotInitPrimary => "Not init (primary)",
        Pool.ServerState.Primary => "Primary",
        Pool.ServerState.Replica => "Replica",
        Pool.ServerState.Failover => "Failover",
        _ => "Failed",
    };

    /// <summary>
    /// Without the pool's answer: a server holding backends is reported as Primary, the others by their configured
    /// hint, as pgagroal reports servers it has not reached.
    /// </summary>
    public static string ServerState(ServerSettings server, PoolProtocol.Status status)
    {
        foreach (var slot in status.Slots)
        {
            if (string.Equals(slot.Server, server.Name, StringComparison.Ordinal))
            {
                return "Primary";
            }
        }
        return server.Primary ? "Not init (primary)" : "Not init";
    }

    private static JsonArray LimitsOf(LimitTable limits, PoolProtocol.Status status)
    {
        var array = new JsonArray();
        foreach (var rule in limits.Rules)
        {
            var active = 0;
            foreach (var slot in status.Slots)
            {
                if (slot.State is SlotState.InUse or SlotState.Gracefully && slot.Database is { } database && slot.User is { } user
                    && rule.NamesDatabase(database) && (rule.IsAllUsers || rule.User == user))
                {
                    active++;
                }
            }
            array.Add(new JsonObject
            {
                [ManagementKeys.Database] = rule.Database,
                [ManagementKeys.Username] = rule.User,
                [ManagementKeys.ActiveConnections] = active,
                [ManagementKeys.MaxConnections] = rule.MaxSize,
                [ManagementKeys.InitialConnections] = rule.InitialSize,
                [ManagementKeys.MinConnections] = rule.MinSize,
            });
        }
        return array;
    }

    private static JsonArray DatabasesOf(IReadOnlyCollection<string> disabled, bool allDisabled)
    {
        var array = new JsonArray();
        foreach (var database in disabled)
        {
            array.Add(new JsonObject { [ManagementKeys.Database] = database, [ManagementKeys.Enabled] = false });
        }
        if (disabled.Count == 0)
        {
            array.Add(new JsonObject { [ManagementKeys.Database] = "*", [ManagementKeys.Enabled] = !allDisabled });
        }
        return array;
    }

    private static JsonArray ConnectionsOf(PoolProtocol.Status status, TimeProvider clock)
    {
        var array = new JsonArray();
        var now = clock.GetUtcNow();
        foreach (var slot in status.Slots)
        {
            array.Add(new JsonObject
            {
                [ManagementKeys.Slot] = slot.SlotId,
                [ManagementKeys.State] = SlotStateName(slot.State),
                [ManagementKeys.StartTime] = EpochSeconds(now, clock, slot.CreatedTimestamp),
                [ManagementKeys.Timestamp] = EpochSeconds(now, clock, slot.LastUsedTimestamp),
                [ManagementKeys.Pid] = Environment.ProcessId,
                [ManagementKeys.Fd] = -1,
                [ManagementKeys.Database] = slot.Database ?? "",
                [ManagementKeys.Username] = slot.User ?? "",
                [ManagementKeys.AppName] = slot.ApplicationName ?? "",
                [ManagementKeys.Server] = slot.Server ?? "",
                [ManagementKeys.Client] = slot.Client ?? "",
            });
        }
        return array;
    }

    /// <summary>pgagroal 2.1's spelling of the slot states in its status output.</summary>
    public static string SlotStateName(SlotState state) => state switch
    {
        SlotState.NotInit => "Not initialized",
        SlotState.Init => "Initializing",
        SlotState.Free => "Free",
        SlotState.InUse => "Active",
        SlotState.Gracefully => "Graceful",
        SlotState.Flush => "Flush",
        SlotState.IdleCheck => "Idle check",
        SlotState.MaxConnectionAge => "Max connection age check",
        SlotState.Validation => "Validating",
        _ => "Removing",
    };

    private static long EpochSeconds(DateTimeOffset now, TimeProvider clock, long timestamp) =>
        timestamp == 0 ? 0 : (now - clock.GetElapsedTime(timestamp)).ToUnixTimeSeconds();
}
