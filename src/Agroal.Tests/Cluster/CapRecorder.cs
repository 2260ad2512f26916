using System.Threading.Channels;
using Agroal.Actors.Cluster;
using Akka.Actor;

namespace Agroal.Tests.Cluster;

/// <summary>Stands in for the pool: records every cap the budget actor sends it.</summary>
internal sealed class CapRecorder : ReceiveActor
{
    public CapRecorder(ChannelWriter<ConnectionBudgetCap> caps) => Receive<ConnectionBudgetCap>(cap => caps.TryWrite(cap));

    public static Props Props(ChannelWriter<ConnectionBudgetCap> caps) => Akka.Actor.Props.Create(() => new CapRecorder(caps));
}
