using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace Agroal.Actors.Runtime;

/// <summary>
/// Akka's unbounded queue, made on the first message instead of with the actor. A client's actor hears from nobody
/// for most of its life (its session's end, a disconnect request), and Akka's own queue costs about 1 KiB from the
/// start (a 32-slot segment): with ten thousand clients that is 10 MB held for messages that never come.
/// </summary>
public sealed class LazyUnboundedMessageQueue : IMessageQueue, IUnboundedMessageQueueSemantics
{
    private ConcurrentQueue<Envelope>? _queue;

    public bool HasMessages => Volatile.Read(ref _queue) is { IsEmpty: false };

    public int Count => Volatile.Read(ref _queue)?.Count ?? 0;

    public void Enqueue(IActorRef receiver, Envelope envelope) => (Volatile.Read(ref _queue) ?? Create()).Enqueue(envelope);

    public bool TryDequeue(out Envelope envelope)
    {
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

    /// <summary>Senders may race for the first message: one queue wins and every sender uses it.</summary>
    private ConcurrentQueue<Envelope> Create()
    {
        var created = new ConcurrentQueue<Envelope>();
        return Interlocked.CompareExchange(ref _queue, created, null) ?? created;
    }
}
