using Agroal.Actors.Kernel;
using Agroal.Actors.Pool.Backend;

namespace Agroal.Actors.Pool;

/// <summary>
/// One pool slot: logs in to PostgreSQL (NotInit -> Init -> Free), then follows the states the pool manager assigns,
/// and closes its backend when told to or when it stops for any reason (so a crash never leaks a socket).
/// </summary>
public sealed class ServerConnectionActor : FSM<SlotState, ServerConnectionData>
{
    private readonly int _slotId;
    private readonly BackendConnector _connector;
    private readonly CancellationTokenSource _stopping = new();

    public ServerConnectionActor(int slotId, BackendConnector connector)
    {
        _slotId = slotId;
        _connector = connector;

        StartWith(SlotState.NotInit, ServerConnectionData.Empty);

        When(SlotState.NotInit, e => e.FsmEvent switch
        {
            ServerConnectionProtocol.Connect connect => BeginLogin(connect),
            _ => null,
        });

        When(SlotState.Init, e => e.FsmEvent switch
        {
            ServerConnectionProtocol.LoginCompleted { Result.Connection: { } connection } => LoginSucceeded(connection),
            ServerConnectionProtocol.LoginCompleted failed => LoginFailed(failed.Result),
            _ => null,
        });

        // Past login the slot only follows the manager's assignments, handled below for every state.
        foreach (var state in Enum.GetValues<SlotState>())
        {
            if (state is not (SlotState.NotInit or SlotState.Init))
            {
                When(state, static _ => null);
            }
        }

        WhenUnhandled(e => e.FsmEvent switch
        {
            ServerConnectionProtocol.Assign assign => GoTo(assign.State),
            ServerConnectionProtocol.Close close => CloseBackend(e.StateData, close.Clean),
            _ => Stay(),
        });

        Initialize();
    }

    private State<SlotState, ServerConnectionData> BeginLogin(ServerConnectionProtocol.Connect connect)
    {
        _connector.ConnectAsync(connect.Server, connect.Login, connect.Timeout, _stopping.Token)
            .PipeTo(Self, success: static result => new ServerConnectionProtocol.LoginCompleted(result),
                failure: static ex => new ServerConnectionProtocol.LoginCompleted(
                    BackendLoginResult.Failure(Errors.PoolerErrors.ServerUnreachable("?", ex.Message))));
        return GoTo(SlotState.Init);
    }

    private State<SlotState, ServerConnectionData> LoginSucceeded(BackendConnection connection)
    {
        connection.SlotId = _slotId;
        Context.Parent?.Tell(new PoolProtocol.BackendReady(_slotId, connection), Self);
        return GoTo(SlotState.Free).Using(new ServerConnectionData(connection));
    }

    private State<SlotState, ServerConnectionData> LoginFailed(BackendLoginResult result)
    {
        Context.Parent?.Tell(new PoolProtocol.BackendFailed(_slotId, result.Error!), Self);
        return Stop();
    }

    private State<SlotState, ServerConnectionData> CloseBackend(ServerConnectionData data, bool clean)
    {
        if (data.Connection is { } connection)
        {
            _ = connection.CloseAsync(sayGoodbye: clean).AsTask();
        }
        return Stop();
    }

    protected override void PostStop()
    {
        _stopping.Cancel();
        _stopping.Dispose();
        if (StateData.Connection is { IsClosed: false } connection)
        {
            connection.Abort();
        }
        base.PostStop();
    }
}
