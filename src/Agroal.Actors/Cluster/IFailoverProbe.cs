namespace Agroal.Actors.Cluster;

/// <summary>The coordinator's own look at the servers before it acts on what a node reported.</summary>
public interface IFailoverProbe
{
    /// <summary>True when the server accepts connections now.</summary>
    Task<bool> AcceptsConnectionsAsync(string host, int port, TimeSpan timeout);

    /// <summary><c>pg_is_in_recovery()</c> on the server; null when it could not be asked.</summary>
    Task<bool?> IsInRecoveryAsync(string host, int port, TimeSpan timeout);
}
