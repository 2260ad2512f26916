namespace Agroal.Actors.Pool;

/// <summary>The pool manager's record of one configured server: its role and, with health_check on, whether it answers.</summary>
internal sealed class ServerRecord(int index, ServerEndpoint endpoint)
{
    public int Index { get; } = index;

    public ServerEndpoint Endpoint { get; set; } = endpoint;

    public ServerState State { get; set; } = endpoint.PrimaryHint ? ServerState.NotInitPrimary : ServerState.NotInit;

    /// <summary>Marked by a failed dial or failed probes; a down server is not dialled until a probe gets an answer.</summary>
    public bool Down { get; set; }

    public int ConsecutiveProbeFailures { get; set; }

    /// <summary>Delay before the next probe of a down server; doubles up to health_check_period.</summary>
    public TimeSpan ProbeBackoff { get; set; }

    public bool ProbeRunning { get; set; }

    /// <summary>True once a health probe has answered or failed: before that the server's health is unknown.</summary>
    public bool Probed { get; set; }

    /// <summary>Backend logins to this server that failed (pgagroal_server_error).</summary>
    public long ConnectErrors { get; set; }

    /// <summary>PostgreSQL major version from the last login's server_version; 0 until known.</summary>
    public int MajorVersion { get; set; }

    /// <summary>From the health probe: -1 primary, 0 standby without a WAL receiver, 1 streaming standby; null until probed.</summary>
    public int? Streaming { get; set; }

    /// <summary>
    /// startup_validation = on found at a reload that this section is the same PostgreSQL as the one named here, and the
    /// tie-break kept that one: this server is invalid, no backend is opened on it, until a reload no longer finds it a duplicate.
    /// </summary>
    public string? DuplicateOf { get; set; }

    public bool Invalid => DuplicateOf is not null;

    public bool RoleKnown => State is not (ServerState.NotInit or ServerState.NotInitPrimary);
}
