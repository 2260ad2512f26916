namespace Agroal.Actors.Networking.Epoll;

/// <summary>How <see cref="EpollSocketWriter.SendDirect"/> left the bytes it was given.</summary>
internal enum DirectSendOutcome
{
    /// <summary>Out on the socket, or queued behind bytes that wait for it, with room for more.</summary>
    Accepted,

    /// <summary>Queued, and the queue is long: the sender pauses until the writer resumes it.</summary>
    Pause,

    /// <summary>The send side is over (a send failed, or the connection was aborted or completed); nothing was taken.</summary>
    Ended,
}
