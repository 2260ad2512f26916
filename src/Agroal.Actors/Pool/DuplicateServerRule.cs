namespace Agroal.Actors.Pool;

/// <summary>Why one server of a duplicate pair was kept and the other marked invalid, in the order the rules are tried.</summary>
public enum DuplicateServerRule
{
    /// <summary>The other was already invalid from an earlier reload: an unrelated reload never moves clients across.</summary>
    AlreadyInvalid,

    /// <summary>pgagroal's rule 1: the kept one has backends out of the free list (in use, being checked), the other none.</summary>
    ActiveConnections,

    /// <summary>pgagroal's rule 2: the kept one is the primary (found by role detection, failover or switch-to).</summary>
    Primary,

    /// <summary>pgagroal's rule 3: the kept one comes first in pgagroal.conf.</summary>
    ConfigurationOrder,
}
