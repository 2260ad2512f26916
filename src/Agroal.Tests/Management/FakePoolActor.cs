using System.Collections.Concurrent;
using Akka.Actor;
using Agroal.Actors.Pool;

namespace Agroal.Tests.Management;

/// <summary>Stands in for the pool: answers GetStatus with a fixed snapshot and operator requests with a chosen Done.</summary>
internal sealed class FakePoolActor(PoolProtocol.Status status, Func<object, PoolProtocol.Done> control, ConcurrentQueue<object> received) : UntypedActor
{
    protected override void OnReceive(object message)
    {
        received.Enqueue(message);
        switch (message)
        {
            case PoolProtocol.GetStatus:
                Sender?.Tell(status, Self);
                break;
            default:
                Sender?.Tell(control(message), Self);
                break;
        }
    }
}
