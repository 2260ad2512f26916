namespace Agroal.Actors.Pool;

/// <summary>
/// The pool asks its registered failover actor to promote <paramref name="NewServer"/> because <paramref name="OldServer"/>
/// does not answer; the answer is <see cref="PoolProtocol.FailoverCompleted"/>. Defined here so that the pool does not
/// depend on the failover code, which depends on the pool.
/// </summary>
/// <param name="Standbys">The other servers that may follow the new primary (for failover_notify_script).</param>
public sealed record FailoverRequest(int OldIndex, ServerEndpoint OldServer, int NewIndex, ServerEndpoint NewServer, IReadOnlyList<ServerEndpoint> Standbys);
