namespace Agroal.Actors.Networking.Epoll;

/// <summary>What a <see cref="IDirectReceiver"/> wants after taking a receive's bytes.</summary>
internal enum DirectReceiveVerdict
{
    /// <summary>Keep receiving.</summary>
    Continue,

    /// <summary>
    /// The bytes were taken but the other side's socket is full: receive nothing more until its writer drains and
    /// resumes this connection (<see cref="EpollSocketWriter.SendDirect"/>).
    /// </summary>
    Pause,

    /// <summary>Give the rest of these bytes, and everything later, to the input pipe again.</summary>
    Detach,

    /// <summary>
    /// From <see cref="IDirectReceiver.OnPoked"/> only: the receiver had paused for work of its own (the transaction
    /// relay's client side waiting for a backend) and is done with it: receive again.
    /// </summary>
    Resume,
}
