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
