using Agroal.Actors.Runtime;
using Akka.Actor;
using Agroal.Actors.Management.Wire;
using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Management;

/// <summary>
/// Runs management commands one at a time, in arrival order: each is a short async conversation with the pool or
/// the configuration, and the next starts only when the previous one has answered. The command's own async work
/// runs off the actor's turn: it reads a <see cref="ManagementView"/> copied before it started and returns a
/// <see cref="ManagementStateChange"/> that the actor applies when the result comes back (never state after an await).
/// </summary>
public sealed partial class ManagementActor : UntypedActor, IWithTimers
{
    private readonly ManagementSettings _settings;
    private readonly ILogger _logger;
    private readonly Queue<(ManagementRequest Request, IActorRef ReplyTo)> _pending = new();
    private readonly SortedSet<string> _disabledDatabases = new(StringComparer.Ordinal);
    private bool _allDisabled;
    private bool _gracefulRequested;
    private bool _busy;

    public ManagementActor(ManagementSettings settings, ILogger logger)
    {
        _settings = settings;
        _logger = logger;
    }

    /// <summary>Keyed timers; set by Akka before the actor starts.</summary>
    public ITimerScheduler Timers { get; set; } = null!;

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case ManagementProtocol.Execute execute:
                _pending.Enqueue((execute.Request, Sender ?? ActorRefs.Nobody));
                StartNext();
                break;
            case ManagementProtocol.Finished finished:
                Apply(finished.Change);
                finished.ReplyTo.Tell(finished.Result, Self);
                if (finished.ForceFlush is { } force)
                {
                    Timers.StartSingleTimer(("force-flush", force.Database ?? AllDatabases), force, force.After);
                }
                _busy = false;
                StartNext();
                break;
            case ManagementProtocol.ForceFlush due:
                // The deadline of a graceful flush: whatever is still marked goes now.
                _settings.Pool.Tell(new Pool.PoolProtocol.Flush(Pool.FlushMode.All, due.Database), Self);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void StartNext()
    {
        if (_busy || _pending.Count == 0)
        {
            return;
        }
        _busy = true;
        var (request, replyTo) = _pending.Dequeue();
        var clock = Context.System.TimeProvider;
        // The command runs off the actor's turn: it reads this copy and returns its changes (applied in Apply).
        var view = new ManagementView([.. _disabledDatabases], _allDisabled, _gracefulRequested);
        RunAsync(request, clock, view).PipeTo(Self,
            success: result => new ManagementProtocol.Finished(result.Completed, replyTo, result.ForceFlush, result.Change),
            failure: error => new ManagementProtocol.Finished(Crashed(request, error), replyTo));
    }

    /// <summary>A finished command's change to the disabled databases or the graceful flag, on the actor's turn.</summary>
    private void Apply(ManagementStateChange? change)
    {
        if (change is null)
        {
            return;
        }
        if (change.GracefulRequested is { } graceful)
        {
            _gracefulRequested = graceful;
        }
        if (change.Database == AllDatabases)
        {
            _allDisabled = !change.Enabled;
            _disabledDatabases.Clear();
        }
        else if (change.Database is { } database)
        {
            if (change.Enabled)
            {
                _disabledDatabases.Remove(database);
            }
            else
            {
                _disabledDatabases.Add(database);
            }
        }
    }

    private async Task<(ManagementProtocol.Completed Completed, ManagementProtocol.ForceFlush? ForceFlush, ManagementStateChange? Change)> RunAsync(
        ManagementRequest request, TimeProvider clock, ManagementView view)
    {
        var started = clock.GetTimestamp();
        var result = await DispatchAsync(request, clock, view).ConfigureAwait(false);
        var document = request.Document;
        if (result.Succeeded)
        {
            ManagementDocument.Succeed(document, clock.GetElapsedTime(started));
        }
        else
        {
            ManagementDocument.Fail(document, result.Error, result.Message ?? ManagementErrorCode.Describe(result.Error));
            ManagementLog.CommandFailed(_logger, request.RawCommand, result.Error, result.Message);
        }
        return (new ManagementProtocol.Completed(document, result.AfterReply), result.Succeeded ? result.ForceFlush : null,
            result.Succeeded ? result.Change : null);
    }

    private Task<CommandResult> DispatchAsync(ManagementRequest request, TimeProvider clock, ManagementView view) => request.Command switch
    {
        ManagementCommandId.Ping => PingAsync(request),
        ManagementCommandId.Status => StatusAsync(request, details: false, clock, view),
        ManagementCommandId.Details => StatusAsync(request, details: true, clock, view),
        ManagementCommandId.Flush => FlushAsync(request),
        ManagementCommandId.EnableDatabase => EnableAsync(request),
        ManagementCommandId.DisableDatabase => DisableAsync(request),
        ManagementCommandId.Gracefully => GracefullyAsync(request),
        ManagementCommandId.CancelShutdown => CancelShutdownAsync(),
        ManagementCommandId.Shutdown => Task.FromResult(Shutdown()),
        ManagementCommandId.SwitchTo => SwitchToAsync(request),
        ManagementCommandId.ClearServer => ClearServerAsync(request),
        ManagementCommandId.ClearPrometheus => Task.FromResult(ClearMetrics()),
        ManagementCommandId.Reload => Task.FromResult(Reload(request)),
        ManagementCommandId.ConfigGet => Task.FromResult(ConfigGet(request)),
        ManagementCommandId.ConfigSet => Task.FromResult(ConfigSet(request)),
        ManagementCommandId.ConfigLs => Task.FromResult(ConfigLs(request)),
        ManagementCommandId.ConfigAlias => Task.FromResult(ConfigAlias(request)),
        ManagementCommandId.GetPassword => Task.FromResult(GetPassword(request)),
        ManagementCommandId.ClusterMembers => Task.FromResult(ClusterMembers(request)),
        ManagementCommandId.ClusterLeave => Task.FromResult(ClusterLeaveOrDown(request, down: false)),
        ManagementCommandId.ClusterDown => Task.FromResult(ClusterLeaveOrDown(request, down: true)),
        _ => Task.FromResult(CommandResult.Fail(ManagementErrorCode.UnknownCommand, $"unknown command {request.RawCommand}")),
    };

    private ManagementProtocol.Completed Crashed(ManagementRequest request, Exception error)
    {
        ManagementLog.CommandCrashed(_logger, error, request.RawCommand);
        ManagementDocument.Fail(request.Document, ManagementErrorCode.OperationFailed, error.Message);
        return new ManagementProtocol.Completed(request.Document);
    }
}
