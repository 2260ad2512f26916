namespace Agroal.Actors.Kernel;

/// <summary>How to make an actor: used for the first instance and again for every restart.</summary>
public sealed class Props
{
    internal const int DefaultThroughput = 30;

    private readonly Func<ActorBase> _factory;

    private Props(Func<ActorBase> factory, Type actorType, int throughput)
    {
        _factory = factory;
        ActorType = actorType;
        Throughput = throughput;
    }

    public Type ActorType { get; }

    /// <summary>Most user messages handled per turn before the thread is handed to other actors.</summary>
    public int Throughput { get; }

    /// <summary>The factory must return a new instance on every call; it runs on the actor's own turn.</summary>
    public static Props Create<TActor>(Func<TActor> factory)
        where TActor : ActorBase
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new Props(factory, typeof(TActor), DefaultThroughput);
    }

    public Props WithMailboxThroughput(int throughput)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(throughput, 1);
        return new Props(_factory, ActorType, throughput);
    }

    internal ActorBase NewActor() => _factory();
}
