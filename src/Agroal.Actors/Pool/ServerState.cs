namespace Agroal.Actors.Pool;

/// <summary>pgagroal's server states: what the pool knows of each configured PostgreSQL server's role.</summary>
public enum ServerState
{
    /// <summary>Not contacted yet.</summary>
    NotInit,

    /// <summary>Not contacted yet, configured with <c>primary = on</c>.</summary>
    NotInitPrimary,

    /// <summary><c>pg_is_in_recovery()</c> said false (or a failover or switch-to made it the primary).</summary>
    Primary,

    /// <summary><c>pg_is_in_recovery()</c> said true.</summary>
    Replica,

    /// <summary>The failover script is running with this server as the old primary.</summary>
    Failover,

    /// <summary>Out of use until <c>clear server</c>.</summary>
    Failed,
}
