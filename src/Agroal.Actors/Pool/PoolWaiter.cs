using Akka.Actor;

namespace Agroal.Actors.Pool;

/// <summary>A client's pending Acquire, queued FIFO until a backend is free, a new one is open, or the deadline passes.</summary>
internal sealed class PoolWaiter(PoolProtocol.Acquire request, long deadlineTimestamp)
{
    public PoolProtocol.Acquire Request { get; } = request;

    public PoolKey Key => Request.Key;

    public long DeadlineTimestamp { get; } = deadlineTimestamp;

    /// <summary>The client left; a backend opened for it becomes Free instead.</summary>
    public bool Abandoned { get; set; }

    public LinkedListNode<PoolWaiter>? Node { get; set; }

    public bool Is(IActorRef replyTo, long ticket) => ReferenceEquals(Request.ReplyTo, replyTo) && Request.Ticket == ticket;
}
