using Akka.Dispatch;

namespace Agroal.Actors.Runtime;

/// <summary>
/// Runs an actor's mailbox on the thread that sent the message, instead of scheduling it on the thread pool. For
/// actors whose every message is a few field writes (the client actors and /clients): a login then starts and ends
/// its actor on the socket loop that serves it, with no thread woken for it. Akka's mailbox status still lets only
/// one thread run a mailbox at a time; a sender that finds it running only enqueues, and the running thread takes
/// the message before it returns. Never use it for an actor that blocks or does real work per message: it would run
/// on the sender's thread, often a socket loop.
/// </summary>
public sealed class InlineDispatcher : MessageDispatcher
{
    /// <summary>The dispatcher's id in hocon/agroal.conf.</summary>
    public const string ConfigPath = "agroal.inline-dispatcher";

    public InlineDispatcher(MessageDispatcherConfigurator configurator)
        : base(configurator)
    {
    }

    protected override void ExecuteTask(IRunnable run) => run.Run();

    // Nothing to release: it owns no threads.
    protected override void Shutdown()
    {
    }
}
