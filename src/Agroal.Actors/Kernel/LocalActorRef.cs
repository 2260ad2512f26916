namespace Agroal.Actors.Kernel;

/// <summary>The public face of an <see cref="ActorCell"/>; the same reference stays valid across restarts.</summary>
internal sealed class LocalActorRef : InternalActorRef
{
    private readonly string _path;

    public LocalActorRef(ActorCell cell, string path)
    {
        Cell = cell;
        _path = path;
    }

    public override string Path => _path;

    internal ActorCell Cell { get; }

    internal override ActorSystem System => Cell.System;

    public override void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        Cell.EnqueueUser(message, sender ?? ActorCell.CurrentSelf);
    }

    internal override void SendSystemMessage(SystemMessage message) => Cell.SendSystemMessage(message);
}
