namespace Agroal.Actors.Pool.Lanes;

/// <summary>What a session's lease attempt on its lane came to (<see cref="PoolLane.TryLeaseOrPark"/>).</summary>
public enum LaneLeaseOutcome
{
    /// <summary>A Free backend was taken on the caller's thread.</summary>
    Leased,

    /// <summary>Queued on the lane: the next return on the lane hands its backend over, or the deadline refuses.</summary>
    Parked,

    /// <summary>Queued, but another lane has a Free backend the pool manager may evict for it: the manager must be told.</summary>
    ParkedWhileFreeElsewhere,

    /// <summary>The lane takes no waiters now: the session asks the pool manager.</summary>
    NotParked,
}
