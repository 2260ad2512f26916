namespace Agroal.Actors.Management.Wire;

public enum FrameReadStatus
{
    Ok,

    /// <summary>The peer closed before a whole frame arrived.</summary>
    Truncated,

    /// <summary>The announced length is over the limit; the payload was not read.</summary>
    TooLong,
}
