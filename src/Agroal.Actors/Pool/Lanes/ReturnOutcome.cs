namespace Agroal.Actors.Pool.Lanes;

/// <summary>What became of a backend a session tried to return without the pool manager.</summary>
public enum ReturnOutcome
{
    /// <summary>Not taken back: the session sends a Release to the pool manager.</summary>
    NotReturned,

    /// <summary>Free again, and nobody was waiting.</summary>
    Returned,

    /// <summary>Handed straight to the client parked first on the lane: it stays InUse, under a new lease.</summary>
    HandedOff,

    /// <summary>Free again while a client was queued: the pool manager must be told so that it serves its queue.</summary>
    ReturnedWhileWaited,
}
