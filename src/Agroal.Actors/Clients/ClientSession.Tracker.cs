using Agroal.Actors.Pool.Backend;

namespace Agroal.Actors.Clients;

/// <summary>tracker = on: this session's lifecycle events (client start and stop, authentication, lease and return).</summary>
public sealed partial class ClientSession
{
    private bool _trackedStart;
    private readonly int _clientDescriptor;

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
            // As pgagroal's worker: the server socket parts from the session just before the slot's return or kill line.
            if (eventId is ConnectionTracker.ReturnConnectionSuccess or ConnectionTracker.ReturnConnectionKill)
            {
                ConnectionTracker.Socket(_logger, _services.Clock, ConnectionTracker.SocketDisassociateServer, backend.SocketDescriptor);
            }
            ConnectionTracker.Backend(_logger, _services.Clock, eventId, backend, state, ApplicationName,
                isNew: backend.Queries == 0, _options.Pipeline == PipelineKind.Transaction, _services.Counters.Active);
            // The session's first backend joins it right after its lease line, as pgagroal's worker writes it after authentication.
            if (eventId == ConnectionTracker.GetConnectionSuccess)
            {
                ConnectionTracker.Socket(_logger, _services.Clock, ConnectionTracker.SocketAssociateServer, backend.SocketDescriptor);
            }
        }
    }

    private void TrackClientSocket(int eventId) => ConnectionTracker.Socket(_logger, _services.Clock, eventId, _clientDescriptor);
}
