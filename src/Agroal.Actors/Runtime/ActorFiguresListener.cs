using Akka.Actor;
using Akka.Event;

namespace Agroal.Actors.Runtime;

/// <summary>Hears dead letters and unhandled messages on the event stream and counts them.</summary>
internal sealed class ActorFiguresListener(ActorFigures figures) : UntypedActor
{
    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case DeadLetter:
                figures.RecordDeadLetter();
                break;
            case UnhandledMessage:
                figures.RecordUnhandled();
                break;
        }
    }
}
