using System.Collections.Concurrent;

namespace Agroal.Actors.Clients;

/// <summary>
/// Issues the BackendKeyData each client sees and maps it back to the client's session, so a CancelRequest reaches
/// the backend that client holds at that moment. The top bits of the process id carry the node index, leaving room
/// for cluster mode to forward cancels between nodes.
/// </summary>
public sealed class CancelKeyRegistry
{
    public const int MaxNodeIndex = 127;
    private const int CounterBits = 24;
    private const int CounterMask = (1 << CounterBits) - 1;

    private readonly ConcurrentDictionary<long, ClientSession> _sessions = new();
    private int _nodeIndex;
    private int _counter;

    public CancelKeyRegistry(int nodeIndex = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nodeIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(nodeIndex, MaxNodeIndex);
        _nodeIndex = nodeIndex;
    }

    public int Count => _sessions.Count;

    /// <summary>The node index carried by keys issued from now on (0: standalone, or a cluster node before its id is confirmed).</summary>
    public int NodeIndex => Volatile.Read(ref _nodeIndex);

    /// <summary>
    /// Cluster mode: the id the node-id allocator gave this node, known only once the node is Up. Keys issued before
    /// keep index 0, which every node treats as its own (such a key can be cancelled through the node that issued it only).
    /// </summary>
    public void AssignNodeIndex(int nodeIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nodeIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(nodeIndex, MaxNodeIndex);
        Volatile.Write(ref _nodeIndex, nodeIndex);
    }

    public static int NodeIndexOf(int processId) => processId >>> CounterBits;

    public (int ProcessId, int SecretKey) Register(ClientSession session)
    {
        while (true)
        {
            var counter = Interlocked.Increment(ref _counter) & CounterMask;
            var processId = (Volatile.Read(ref _nodeIndex) << CounterBits) | counter;
            var secretKey = Security.BufferedRandom.NextInt32();
            if (processId != 0 && _sessions.TryAdd(Pack(processId, secretKey), session))
            {
                return (processId, secretKey);
            }
        }
    }

    public void Unregister(int processId, int secretKey) => _sessions.TryRemove(Pack(processId, secretKey), out _);

    public ClientSession? Find(int processId, int secretKey) =>
        _sessions.TryGetValue(Pack(processId, secretKey), out var session) ? session : null;

    private static long Pack(int processId, int secretKey) => ((long)processId << 32) | (uint)secretKey;
}
