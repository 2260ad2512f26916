namespace Agroal.Actors.Protocol;

/// <summary>A message boundary the relay acts on, reported once the whole message has passed.</summary>
public enum RelayEvent
{
    /// <summary>The chunk ended without anything worth acting on.</summary>
    None,

    /// <summary>A ReadyForQuery went by; the status is in <see cref="RelayFrameScanner.LastReadyForQueryStatus"/>.</summary>
    ReadyForQuery,

    /// <summary>The client sent Terminate.</summary>
    Terminate,

    /// <summary>The server sent an ErrorResponse of severity FATAL or PANIC.</summary>
    FatalError,

    /// <summary>A length below 4 or above the limit: the stream can no longer be framed (08P01).</summary>
    InvalidFrame,

    /// <summary>A client message whose type PostgreSQL does not accept after login (08P01); its header is consumed.</summary>
    UnknownMessageType,
}
