namespace Agroal.Actors.Management.Wire;

/// <summary>pgagroal 2.x's management command ids (the document's <c>Header.Command</c>).</summary>
public enum ManagementCommandId
{
    Unknown = 0,
    CancelShutdown = 1,
    ConfigLs = 2,
    ConfigGet = 3,
    ConfigSet = 4,
    Details = 5,
    DisableDatabase = 6,
    EnableDatabase = 7,
    Flush = 8,
    GetPassword = 9,
    Gracefully = 10,
    Ping = 11,
    Reload = 12,
    ClearPrometheus = 13,
    ClearServer = 14,
    Shutdown = 15,
    Status = 16,
    SwitchTo = 17,
    ConfigAlias = 18,

    // agroal's own commands (cluster mode); pgagroal has no cluster.
    ClusterMembers = 100,
    ClusterLeave = 101,
    ClusterDown = 102,
}
