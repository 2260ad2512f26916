namespace Agroal.Actors.Kernel;

/// <summary>Children: start, stop, look up.</summary>
internal sealed partial class ActorCell
{
    public IReadOnlyCollection<IActorRef> Children
    {
        get
        {
            var cells = _children?.Snapshot() ?? [];
            var refs = new IActorRef[cells.Length];
            for (int i = 0; i < cells.Length; i++)
            {
                refs[i] = cells[i]._self;
            }

            return refs;
        }
    }

    public IActorRef? Child(string name) => _children?.Get(name)?._self;

    public IActorRef ActorOf(Props props, string name)
    {
        ValidateName(name);
        return AttachChild(props, name);
    }

    public IActorRef ActorOf(Props props) => AttachChild(props, null);

    public void Stop(IActorRef child)
    {
        if (child is LocalActorRef local && ReferenceEquals(local.Cell._parent, this))
        {
            StopChild(local.Cell);
            return;
        }

        StopAny(child);
    }

    internal static void StopAny(IActorRef actor)
    {
        if (actor is InternalActorRef internalRef)
        {
            internalRef.SendSystemMessage(new SystemMessage.Terminate());
        }
    }

    internal IActorRef AttachChild(Props props, string? name)
    {
        ArgumentNullException.ThrowIfNull(props);
        var children = EnsureChildren();
        name ??= children.NextGeneratedName();
        var child = new ActorCell(System, this, name, _self.Path + "/" + name, props);
        children.Add(name, child);
        child.Start();
        return child._self;
    }

    private void StopChild(ActorCell child)
    {
        if (_children is not null && _children.MarkStopping(child))
        {
            child.SendSystemMessage(new SystemMessage.Terminate());
        }
    }

    private ChildrenContainer EnsureChildren()
    {
        var children = Volatile.Read(ref _children);
        if (children is not null)
        {
            return children;
        }

        Interlocked.CompareExchange(ref _children, new ChildrenContainer(), null);
        return _children!;
    }

    private static void ValidateName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || name.Contains('/', StringComparison.Ordinal) || name[0] == '$')
        {
            throw new InvalidActorNameException(
                $"Actor name '{name}' is invalid: it must be non-empty, hold no '/', and not start with '$'.");
        }
    }
}
