using Agroal.Actors.Runtime;
using Akka.Actor;

namespace Agroal.Actors.Clients;

/// <summary>
/// The props of one <see cref="ClientConnectionActor"/>, made when no free one can host an accepted socket. Akka's
/// own way (<c>Props.CreateBy(...).WithDispatcher(...)</c>) builds a new <c>Deploy</c> per call, and a
/// <c>Deploy</c>'s constructor parses an empty HOCON document; this copies a template whose deploy already names the
/// inline dispatcher, so a spawn pays only for this object.
/// </summary>
internal sealed class ClientConnectionProps : Props
{
    private static readonly Props Template =
        ActorProps.Of<ClientConnectionActor>(static () => throw new InvalidOperationException("the template props make no actor"))
            .WithDispatcher(InlineDispatcher.ConfigPath);

    private readonly ClientProtocol.Accept _accept;
    private readonly FreeClientActors _free;

    public ClientConnectionProps(ClientProtocol.Accept accept, FreeClientActors free)
        : base(Template)
    {
        _accept = accept;
        _free = free;
    }

    private ClientConnectionProps(Props copy, ClientProtocol.Accept accept, FreeClientActors free)
        : base(copy)
    {
        _accept = accept;
        _free = free;
    }

    // Akka calls this again on a restart; the client supervisor stops a failed child instead, but a new actor per
    // call keeps that contract.
#pragma warning disable AK1000 // A Props subclass is where an actor is made; Akka calls it from ActorOf.
    public override ActorBase NewActor() => new ClientConnectionActor(_accept, _free);
#pragma warning restore AK1000

    protected override Props Copy() => new ClientConnectionProps(base.Copy(), _accept, _free);
}
