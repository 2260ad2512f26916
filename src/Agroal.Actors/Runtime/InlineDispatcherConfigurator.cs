using Akka.Configuration;
using Akka.Dispatch;

namespace Agroal.Actors.Runtime;

/// <summary>Named by <c>type</c> in hocon/agroal.conf's <c>agroal.inline-dispatcher</c>; one shared <see cref="InlineDispatcher"/>.</summary>
public sealed class InlineDispatcherConfigurator : MessageDispatcherConfigurator
{
    private readonly InlineDispatcher _dispatcher;

    public InlineDispatcherConfigurator(Config config, IDispatcherPrerequisites prerequisites)
        : base(config, prerequisites)
    {
        _dispatcher = new InlineDispatcher(this);
    }

    public override MessageDispatcher Dispatcher() => _dispatcher;
}
