namespace Agroal.Actors.Kernel;

/// <summary>
/// Multi-producer single-consumer FIFO of user messages (an intrusive linked list after Vyukov):
/// Enqueue is one Interlocked.Exchange, never blocks and allocates one node. An idle queue holds one stub node.
/// A mutable struct: keep it in a field and never copy it.
/// </summary>
internal struct MailboxQueue
{
    private Node _head;
    private Node _tail;

    public static MailboxQueue Create()
    {
        var stub = new Node(null, null);
        return new MailboxQueue { _head = stub, _tail = stub };
    }

    /// <summary>True while a message is queued or being linked in by a producer.</summary>
    public bool HasMessages => !ReferenceEquals(Volatile.Read(ref _head), _tail);

    public void Enqueue(object message, IActorRef? sender)
    {
        var node = new Node(message, sender);
        var previous = Interlocked.Exchange(ref _head, node);
        Volatile.Write(ref previous.Next, node);
    }

    /// <summary>
    /// Counts queued messages, up to <paramref name="limit"/>, from any thread without disturbing the queue: it walks
    /// the links from the consumer's position, so a message dequeued during the walk may still be counted.
    /// </summary>
    public int CountQueued(int limit)
    {
        var node = Volatile.Read(ref _tail);
        var count = 0;
        while (count < limit && Volatile.Read(ref node.Next) is { } next)
        {
            node = next;
            count++;
        }

        return count;
    }

    /// <summary>Consumer side only. May miss a message a producer is still linking; <see cref="HasMessages"/> then stays true.</summary>
    public bool TryDequeue(out object message, out IActorRef? sender)
    {
        var next = Volatile.Read(ref _tail.Next);
        if (next is null)
        {
            message = null!;
            sender = null;
            return false;
        }

        _tail = next;
        message = next.Message!;
        sender = next.Sender;
        next.Message = null;
        next.Sender = null;
        return true;
    }

    private sealed class Node(object? message, IActorRef? sender)
    {
        public object? Message = message;
        public IActorRef? Sender = sender;
        public Node? Next;
    }
}
