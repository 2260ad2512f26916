namespace Agroal.Actors.Pool;

/// <summary>pgagroal's flush modes (management request "Mode": 0 idle, 1 gracefully, 2 all).</summary>
public enum FlushMode
{
    /// <summary>Close Free backends only.</summary>
    Idle = 0,

    /// <summary>Close Free backends now and in-use ones when their client returns them.</summary>
    Gracefully = 1,

    /// <summary>Also disconnect the clients holding backends.</summary>
    All = 2,
}
