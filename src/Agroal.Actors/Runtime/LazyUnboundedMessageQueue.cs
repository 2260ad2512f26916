using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace Agroal.Actors.Runtime;

/// <summary>
/// Akka's unbounded queue, made on the second message instead of with the actor. A client's actor hears from nobody
/// for most of its life, and at its end from its own session only (one message); Akka's queue costs about 1 KiB from
/// the start (a 32-slot segment): ten thousand clients would hold 10 MB for messages that never come, and every login
/// would allocate that kilobyte for its one message. The first message goes into a slot of its own.
/// </summary>
/// <remarks>
/// The slot takes only the first message ever: a sender that finds it claimed uses the queue, and the consumer takes
/// the slot before the queue. So a sender's later message, which can only find the slot claimed, never overtakes its
/// earlier one (Akka's ordering per sender and receiver); senders racing each other have no order to keep.
/// </remarks>
public sealed class LazyUnboundedMessageQueue : IMessageQueue, IUnboundedMessageQueueSemantics
{
    private const int SlotUnused = 0;
    private const int SlotWriting = 1;
    private const int SlotFull = 2;
    private const int SlotSpent = 3;

    private int _slotState;
    private Envelope _slot;
    private ConcurrentQueue<Envelope>? _queue;

    /// <summary>
    /// A first message still being written does not count: Akka asks this after a run to decide whether to run again,
    /// and on the inline dispatcher that run would recurse until the writer is done. The writer schedules the mailbox
    /// itself once its message is in.
    /// </summary>
    public bool HasMessages => Volatile.Read(ref _slotState) == SlotFull || Volatile.Read(ref _queue) is { IsEmpty: false };

    public int Count => (Volatile.Read(ref _slotState) == SlotFull ? 1 : 0) + (Volatile.Read(ref _queue)?.Count ?? 0);

    public void Enqueue(IActorRef receiver, Envelope envelope)
    {
        if (Volatile.Read(ref _slotState) == SlotUnused && Interlocked.CompareExchange(ref _slotState, SlotWriting, SlotUnused) == SlotUnused)
        {
            _slot = envelope;
            // A full fence, not a release store: the sender reads the mailbox's status next, and a store delayed past
            // that read would let a consumer that is just going idle miss this message while the sender, seeing the
            // mailbox still scheduled, leaves it to that consumer (the queue's own enqueue is an interlocked operation too).
            Interlocked.Exchange(ref _slotState, SlotFull);
            return;
        }
        (Volatile.Read(ref _queue) ?? Create()).Enqueue(envelope);
    }

    /// <summary>The consumer is one thread at a time (Akka's mailbox status sees to that).</summary>
    public bool TryDequeue(out Envelope envelope)
    {
        if (Volatile.Read(ref _slotState) == SlotFull)
        {
            envelope = _slot;
            _slot = default;
            Volatile.Write(ref _slotState, SlotSpent);
            return true;
        }
        if (Volatile.Read(ref _queue) is { } queue)
        {
            return queue.TryDequeue(out envelope);
        }
        envelope = default;
        return false;
    }

    public void CleanUp(IActorRef owner, IMessageQueue deadletters)
    {
        while (TryDequeue(out var envelope))
        {
            deadletters.Enqueue(owner, envelope);
        }
    }

    /// <summary>Senders may race for the second message: one queue wins and every sender uses it.</summary>
    private ConcurrentQueue<Envelope> Create()
    {
        var created = new ConcurrentQueue<Envelope>();
        return Interlocked.CompareExchange(ref _queue, created, null) ?? created;
    }
}
