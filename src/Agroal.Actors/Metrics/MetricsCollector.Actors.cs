using Agroal.Actors.Runtime;
using Prometheus;

namespace Agroal.Actors.Metrics;

/// <summary>The actor system's own figures (agroal_actor_*): mailbox depths, restarts, dead letters, unhandled messages.</summary>
public sealed partial class MetricsCollector
{
    private ScrapedFamily _mailboxDepth = null!;
    private Counter _restarts = null!;
    private Counter _deadLetters = null!;
    private Counter _unhandled = null!;

    private void CreateActorFamilies(IMetricFactory factory)
    {
        _mailboxDepth = ScrapedFamily.Gauge(factory, MetricCatalog.MailboxDepth);
        _restarts = MetricCatalog.ActorRestarts.CreateCounter(factory);
        _deadLetters = MetricCatalog.DeadLetters.CreateCounter(factory);
        _unhandled = MetricCatalog.UnhandledMessages.CreateCounter(factory);
    }

    private void UpdateActors()
    {
        _mailboxDepth.Begin();
        foreach (var (label, actor) in _sources.WatchedActors)
        {
            _mailboxDepth.Set(ActorFigures.MailboxDepth(actor), label);
        }
        _mailboxDepth.End();
        var figures = ActorFigures.For(_sources.System);
        _restarts.IncTo(figures.RestartCount);
        _deadLetters.IncTo(figures.DeadLetterCount);
        _unhandled.IncTo(figures.UnhandledMessageCount);
    }
}
