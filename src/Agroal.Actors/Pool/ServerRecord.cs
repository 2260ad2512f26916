namespace Agroal.Actors.Pool;

/// <summary>The pool manager's record of one configured server: its role and, with health_check on, whether it answers.</summary>
internal sealed class ServerRecord(int index, ServerEndpoint endpoint)
{
    public int Index { get; } = index;

    public ServerEndpoint Endpoint { get; set; } = endpoint;

    public ServerState State { get; set; } = endpoint.PrimaryHint ? ServerState.NotInitPrimary : ServerState.NotInit;

    /// <summary>Marked by a failed dial or failed probes; a down server is not dialled until a probe gets an answer.</summary>
    public bool Down { get; set; }

    /// <summary>PostgreSQL's major version as the last backend reported it (pgagroal's status MajorVersion); 0 before any.</summary>
    public int MajorVersion { get; set; }

    public int ConsecutiveProbeFailures { get; set; }

    /// <summary>Delay before the next probe of a down server; doubles up to health_check_period.</summary>
    public TimeSpan ProbeBackoff { get; set; }

    public bool ProbeRunning { get; set; }

    public bool RoleKnown => State is not (ServerState.NotInit or ServerState.NotInitPrimary);
}
