using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace Agroal.Actors.Runtime;

/// <summary>The runtime's default mailbox (hocon/agroal.conf): <see cref="LazyUnboundedMessageQueue"/> for every actor.</summary>
public sealed class LazyUnboundedMailbox : MailboxType, IProducesMessageQueue<LazyUnboundedMessageQueue>
{
    public LazyUnboundedMailbox(Settings settings, Config config)
        : base(settings, config)
    {
    }

    public override IMessageQueue Create(IActorRef owner, ActorSystem system) => new LazyUnboundedMessageQueue();
}
