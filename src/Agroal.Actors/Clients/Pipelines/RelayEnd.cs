namespace Agroal.Actors.Clients.Pipelines;

/// <summary>Why a relay stopped.</summary>
public enum RelayEnd
{
    /// <summary>The client sent Terminate.</summary>
    ClientTerminated,

    /// <summary>The client's socket closed without Terminate.</summary>
    ClientVanished,

    /// <summary>The client sent a message the framing rules reject (08P01).</summary>
    ClientProtocolViolation,

    /// <summary>The client sent a message type PostgreSQL does not accept after login (08P01); it never reached the backend.</summary>
    ClientUnknownMessageType,

    /// <summary>The server sent FATAL or PANIC; the backend is ending.</summary>
    ServerFatal,

    /// <summary>The server's socket closed or failed.</summary>
    ServerClosed,

    /// <summary>The relay was stopped from outside (shutdown, flush, the other direction ended).</summary>
    Stopped,
}
