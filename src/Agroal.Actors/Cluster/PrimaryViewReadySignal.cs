using Akka.Actor;

namespace Agroal.Actors.Cluster;

/// <summary>
/// The follower's ready listener in the process: completes <paramref name="ready"/> when the node has read the primary
/// view (from a majority, or its local copy after the read timeout), which lets the held logins go on, then stops.
/// </summary>
public sealed class PrimaryViewReadySignal(TaskCompletionSource<PrimaryView> ready) : UntypedActor
{
    protected override void OnReceive(object message)
    {
        if (message is PrimaryViewFollowerProtocol.ViewRead read)
        {
            ready.TrySetResult(read.View);
            Context.Stop(Self);
            return;
        }
        Unhandled(message);
    }
}
