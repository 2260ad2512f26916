namespace Agroal.Actors.Cluster;

/// <summary>What the <see cref="PrimaryViewFollower"/> answers and tells.</summary>
public static class PrimaryViewFollowerProtocol
{
    /// <summary>Asks for the view this node follows; the answer is a <see cref="PrimaryView"/> (epoch 0 and no server when none was ever written).</summary>
    public sealed class GetView
    {
        public static readonly GetView Instance = new();

        private GetView()
        {
        }
    }

    /// <summary>
    /// Sent once to the ready listener after the start-up read: <paramref name="FromMajority"/> is false when a majority
    /// did not answer in time and the node went on with its local copy.
    /// </summary>
    public sealed record ViewRead(PrimaryView View, bool FromMajority);

    /// <summary>switch-to through management: the coordinator makes the server the primary of every node; the answer is a <see cref="Pool.PoolProtocol.Done"/>.</summary>
    public sealed record SwitchPrimary(string Server);

    /// <summary>clear server through management: every node's pool clears the server; the answer (this node's pool) is a <see cref="Pool.PoolProtocol.Done"/>.</summary>
    public sealed record ClearServer(string Server);

    /// <summary>
    /// A clear server waiting for the majority read of the view: <paramref name="ReplyTo"/> gets the pool's answer, and
    /// <paramref name="Publish"/> says this node is where it was asked (it tells the others after clearing).
    /// </summary>
    internal sealed record ClearAfterRead(string Server, Akka.Actor.IActorRef ReplyTo, bool Publish);

    internal sealed record SwitchAnswered(FailoverOutcome? Outcome, string? Error, Akka.Actor.IActorRef ReplyTo);

    internal sealed class CountReplicas
    {
        public static readonly CountReplicas Instance = new();

        private CountReplicas()
        {
        }
    }

    internal sealed class RetryReport
    {
        public static readonly RetryReport Instance = new();

        private RetryReport()
        {
        }
    }
}
