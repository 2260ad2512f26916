using Agroal.Actors.Pool.Backend;

namespace Agroal.Actors.Clients.PreparedStatements;

/// <summary>
/// The pooler statements one backend holds, least recently used first. It travels with the backend between clients
/// (see <see cref="BackendConnection.PipelineState"/>); only the client holding the backend touches it.
/// </summary>
public sealed class BackendStatementCache
{
    private readonly Dictionary<string, LinkedListNode<ServerStatement>> _byName = new(StringComparer.Ordinal);
    private readonly LinkedList<ServerStatement> _recency = new();

    public int Count => _byName.Count;

    public bool Contains(ServerStatement statement) => _byName.ContainsKey(statement.Name);

    /// <summary>Marks the statement as just used; false when the backend does not hold it.</summary>
    public bool Touch(ServerStatement statement)
    {
        if (!_byName.TryGetValue(statement.Name, out var node))
        {
            return false;
        }
        if (node != _recency.Last)
        {
            _recency.Remove(node);
            _recency.AddLast(node);
        }
        return true;
    }

    /// <summary>Records the statement as held and most recently used.</summary>
    public void Add(ServerStatement statement)
    {
        if (!Touch(statement))
        {
            _byName[statement.Name] = _recency.AddLast(statement);
        }
    }

    /// <summary>Records the statement as held without making it recent: for a statement an eviction failed to close.</summary>
    public void AddAsOldest(ServerStatement statement)
    {
        if (!_byName.ContainsKey(statement.Name))
        {
            _byName[statement.Name] = _recency.AddFirst(statement);
        }
    }

    public void Remove(ServerStatement statement)
    {
        if (_byName.Remove(statement.Name, out var node))
        {
            _recency.Remove(node);
        }
    }

    /// <summary>Takes out the least recently used statement, for the caller to close on the backend.</summary>
    public ServerStatement? RemoveOldest()
    {
        var oldest = _recency.First;
        if (oldest is null)
        {
            return null;
        }
        _recency.RemoveFirst();
        _byName.Remove(oldest.Value.Name);
        return oldest.Value;
    }

    public void Clear()
    {
        _byName.Clear();
        _recency.Clear();
    }

    /// <summary>The cache kept on a backend, created on first use.</summary>
    public static BackendStatementCache For(BackendConnection backend)
    {
        if (backend.PipelineState is BackendStatementCache cache)
        {
            return cache;
        }
        cache = new BackendStatementCache();
        backend.PipelineState = cache;
        return cache;
    }
}
