namespace Agroal.Actors.Networking.Epoll;

/// <summary>
/// Takes a connection's received bytes straight from its loop's receive, instead of the input pipe: the relay of a
/// leased backend runs as plain code inside the loop's receive, as PgBouncer's does, with no pipe, no awaited read and
/// no lock of the pipe's between the socket and the bytes going out on the other side. Every call comes on the loop
/// thread of the connection that received.
/// </summary>
internal interface IDirectReceiver
{
    /// <summary>
    /// The bytes one recv(2) returned; they live in the loop's buffer and are gone after the call. With
    /// <see cref="DirectReceiveVerdict.Detach"/>, <paramref name="consumed"/> says how many were taken: the rest goes
    /// to the input pipe, for whoever reads the connection next. Otherwise all were taken.
    /// </summary>
    DirectReceiveVerdict OnReceived(ReadOnlyMemory<byte> bytes, out int consumed);

    /// <summary>
    /// The connection no longer hands its bytes to this receiver: it asked so, a detach request reached it, or the
    /// connection's receive side ended (<paramref name="receiveEnded"/>: the peer's end of stream, an error, a shutdown).
    /// Called exactly once per attach, last, after the connection's own state is settled.
    /// </summary>
    void OnDetached(bool receiveEnded);

    /// <summary>
    /// Someone asked, through <see cref="EpollConnection.PokeReceiver"/>, that the receiver look at its state again on
    /// the loop: the transaction relay's client side finished a write its server side's release was waiting for, or
    /// a wait the client side paused for is over (<see cref="DirectReceiveVerdict.Resume"/> then receives again).
    /// </summary>
    DirectReceiveVerdict OnPoked();
}
