using Akka.Actor;
using Agroal.Actors.Pool.Backend;

namespace Agroal.Actors.Pool;

/// <summary>
/// One pool slot: logs in to PostgreSQL (NotInit -> Init -> Free), then follows the states the pool manager assigns,
/// and closes its backend when told to or when it stops for any reason (so a crash never leaks a socket).
/// </summary>
public sealed class ServerConnectionActor : FSM<SlotState, ServerConnectionData>
{
    private static readonly ReadOnlyMemory<byte> ValidationQuery = Protocol.PregeneratedMessages.Query("SELECT 1");

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
            ServerConnectionProtocol.LoginCompleted { Result.Connection: { } connection } completed => LoginSucceeded(connection, completed.InRecovery),
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
            ServerConnectionProtocol.Validate validate => BeginValidation(e.StateData, validate),
            ServerConnectionProtocol.ValidationFinished finished => ReportValidation(finished.Outcome),
            _ => Stay(),
        });

        Initialize();
    }

    private State<SlotState, ServerConnectionData> BeginLogin(ServerConnectionProtocol.Connect connect)
    {
        LoginAsync(connect, _stopping.Token)
            .PipeTo(Self, success: static completed => completed,
                failure: static ex => new ServerConnectionProtocol.LoginCompleted(
                    BackendLoginResult.Failure(Errors.PoolerErrors.ServerUnreachable("?", ex.Message))));
        return GoTo(SlotState.Init);
    }

    private async Task<ServerConnectionProtocol.LoginCompleted> LoginAsync(ServerConnectionProtocol.Connect connect, CancellationToken cancellationToken)
    {
        var result = await _connector.ConnectAsync(connect.Server, connect.Login, connect.Timeout, cancellationToken).ConfigureAwait(false);
        // A pass-through backend is not logged in yet (the client will answer the server): its role is learnt later.
        if (!connect.DetectRole || result.Connection is not { PendingAuthenticationRequest: null } connection)
        {
            return new ServerConnectionProtocol.LoginCompleted(result);
        }
        var (outcome, value) = await BackendQueryRunner.RunScalarAsync(connection, "SELECT pg_is_in_recovery()", connect.Timeout, cancellationToken)
            .ConfigureAwait(false);
        bool? inRecovery = outcome.Healthy && value is not null ? value == "t" : null;
        return new ServerConnectionProtocol.LoginCompleted(result, inRecovery);
    }

    private State<SlotState, ServerConnectionData> LoginSucceeded(BackendConnection connection, bool? inRecovery)
    {
        connection.SlotId = _slotId;
        Context.Parent?.Tell(new PoolProtocol.BackendReady(_slotId, connection, inRecovery), Self);
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

    private State<SlotState, ServerConnectionData> BeginValidation(ServerConnectionData data, ServerConnectionProtocol.Validate validate)
    {
        if (data.Connection is not { IsClosed: false } connection)
        {
            return ReportValidation(BackendQueryOutcome.Ended("backend closed"));
        }
        BackendQueryRunner.RunAsync(connection, ValidationQuery, validate.Timeout, _stopping.Token).AsTask()
            .PipeTo(Self, success: static outcome => new ServerConnectionProtocol.ValidationFinished(outcome),
                failure: static ex => new ServerConnectionProtocol.ValidationFinished(BackendQueryOutcome.Lost(ex.Message)));
        return Stay();
    }

    private State<SlotState, ServerConnectionData> ReportValidation(BackendQueryOutcome outcome)
    {
        var healthy = outcome.Healthy && outcome.Status == (byte)'I';
        Context.Parent?.Tell(new PoolProtocol.ValidationCompleted(_slotId, healthy, healthy ? null : outcome.Failure ?? outcome.Error?.Message,
            BackendEnded: !healthy && outcome.ServerEnded), Self);
        return Stay();
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
