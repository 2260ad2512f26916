namespace Agroal.Actors.Configuration;

/// <summary>What to do with a backend whose <c>server_reset_query</c> failed.</summary>
public enum ResetFailureBehavior
{
    /// <summary>Close the backend.</summary>
    Discard,
    /// <summary>Keep the backend, marked dirty: no further resets on it.</summary>
    Ignore,
    /// <summary>Close the backend (pgagroal treats it as discard).</summary>
    Try,
}
