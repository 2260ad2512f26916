namespace Agroal.Actors.Kernel;

/// <summary>
/// Children of one cell. Locked because the user guardian's children are added from any thread
/// (ActorSystem.ActorOf) while the guardian removes them on its own turn; changes are rare, Tell never comes here.
/// </summary>
internal sealed class ChildrenContainer
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ActorCell> _byName = new(StringComparer.Ordinal);
    private HashSet<ActorCell>? _stopping;
    private bool _closed;
    private int _nameCounter;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _byName.Count;
            }
        }
    }

    public bool HasStoppingChildren
    {
        get
        {
            lock (_gate)
            {
                return _stopping is { Count: > 0 };
            }
        }
    }

    public string NextGeneratedName()
    {
        int number = Interlocked.Increment(ref _nameCounter) - 1;
        var name = new System.Text.StringBuilder("$");
        do
        {
            name.Insert(1, (char)('a' + (number % 26)));
            number = (number / 26) - 1;
        }
        while (number >= 0);
        return name.ToString();
    }

    public void Add(string name, ActorCell child)
    {
        lock (_gate)
        {
            if (_closed)
            {
                throw new InvalidOperationException($"Cannot start child '{name}': its parent is stopping.");
            }

            if (!_byName.TryAdd(name, child))
            {
                throw new InvalidActorNameException($"Actor name '{name}' is not unique: a sibling with that name is alive or still stopping.");
            }
        }
    }

    public bool Remove(ActorCell child)
    {
        lock (_gate)
        {
            _stopping?.Remove(child);
            if (_byName.TryGetValue(child.Name, out var current) && ReferenceEquals(current, child))
            {
                _byName.Remove(child.Name);
                return true;
            }

            return false;
        }
    }

    public bool Contains(ActorCell child)
    {
        lock (_gate)
        {
            return _byName.TryGetValue(child.Name, out var current) && ReferenceEquals(current, child);
        }
    }

    /// <summary>Marks the child as being stopped by its parent; false if it is not (or no longer) a child.</summary>
    public bool MarkStopping(ActorCell child)
    {
        lock (_gate)
        {
            if (!_byName.TryGetValue(child.Name, out var current) || !ReferenceEquals(current, child))
            {
                return false;
            }

            (_stopping ??= new HashSet<ActorCell>(ReferenceEqualityComparer.Instance)).Add(child);
            return true;
        }
    }

    public ActorCell? Get(string name)
    {
        lock (_gate)
        {
            return _byName.GetValueOrDefault(name);
        }
    }

    public ActorCell[] Snapshot()
    {
        lock (_gate)
        {
            if (_byName.Count == 0)
            {
                return [];
            }

            var children = new ActorCell[_byName.Count];
            _byName.Values.CopyTo(children, 0);
            return children;
        }
    }

    /// <summary>Refuses new children from now on and returns those alive, all marked as stopping.</summary>
    public ActorCell[] CloseAndMarkAllStopping()
    {
        lock (_gate)
        {
            _closed = true;
            if (_byName.Count == 0)
            {
                return [];
            }

            _stopping ??= new HashSet<ActorCell>(ReferenceEqualityComparer.Instance);
            var children = new ActorCell[_byName.Count];
            _byName.Values.CopyTo(children, 0);
            foreach (var child in children)
            {
                _stopping.Add(child);
            }

            return children;
        }
    }
}
