using Agroal.Actors.Pool.Backend;

namespace Agroal.Actors.Clients;

/// <summary>tracker = on: this session's lifecycle events (client start and stop, authentication, lease and return).</summary>
public sealed partial class ClientSession
{
    private bool _trackedStart;

    private void TrackClient(int eventId)
    {
        if (_options.Tracker)
        {
            ConnectionTracker.Client(_logger, _services.Clock, eventId, User, Database, _services.Counters.Active);
        }
    }

    private void TrackBackend(int eventId, BackendConnection backend, int state)
    {
        if (_options.Tracker)
        {
            ConnectionTracker.Backend(_logger, _services.Clock, eventId, backend, state, ApplicationName,
                isNew: backend.Queries == 0, _options.Pipeline == PipelineKind.Transaction, _services.Counters.Active);
        }
    }
}
