namespace Agroal.Actors.Clients.Pipelines;

/// <summary>
/// The replies a backend still owes, oldest first: a ring that grows by doubling and never shrinks while the client
/// lives, so a steady client allocates nothing. Callers serialise access (the relay's lock).
/// </summary>
public sealed class PendingReplyQueue
{
    private PendingReply[] _items = new PendingReply[4];
    private int _head;
    private int _count;
    private int _readyCount;

    public int Count => _count;

    /// <summary>Entries answered by a ReadyForQuery (Query, Sync, FunctionCall) not yet answered.</summary>
    public int ReadyCount => _readyCount;

    public void Enqueue(in PendingReply reply)
    {
        if (_count == _items.Length)
        {
            Grow();
        }
        _items[(_head + _count) & (_items.Length - 1)] = reply;
        _count++;
        if (reply.IsReady)
        {
            _readyCount++;
        }
    }

    public bool TryPeek(out PendingReply reply)
    {
        if (_count == 0)
        {
            reply = default;
            return false;
        }
        reply = _items[_head];
        return true;
    }

    public bool TryDequeue(out PendingReply reply)
    {
        if (_count == 0)
        {
            reply = default;
            return false;
        }
        reply = _items[_head];
        _items[_head] = default;
        _head = (_head + 1) & (_items.Length - 1);
        _count--;
        if (reply.IsReady)
        {
            _readyCount--;
        }
        return true;
    }

    public void Clear()
    {
        Array.Clear(_items);
        _head = 0;
        _count = 0;
        _readyCount = 0;
    }

    private void Grow()
    {
        var larger = new PendingReply[_items.Length * 2];
        for (var i = 0; i < _count; i++)
        {
            larger[i] = _items[(_head + i) & (_items.Length - 1)];
        }
        _items = larger;
        _head = 0;
    }
}
