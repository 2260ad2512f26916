using Agroal.Actors.Runtime;
using Akka.Actor;

namespace Agroal.Actors.Pool;

/// <summary>Start-up and the messages of maintenance, prefill, health check, failover and server status.</summary>
public sealed partial class PoolManagerActor
{
    private readonly PoolLifecycle _lifecycle;

    protected override void PreStart()
    {
        _lanes.UseClock(Context.System.TimeProvider);
        ArmMaintenanceTimers();
        ArmHealthCheck();
        Self.Tell(new PoolProtocol.Prefill(Initial: true), Self);
    }

    private void OnReconfigured()
    {
        _lanes.RequireLeaseCheck(_options.Validation == Configuration.ValidationMode.Foreground);
        foreach (var slot in _slots)
        {
            if (slot.Connection is not null)
            {
                slot.Cell.ExpiresTimestamp = ExpiryOf(slot);
            }
        }
        RefreshServerRecords();
        ArmMaintenanceTimers();
        ArmHealthCheck();
        TopUp();
    }

    /// <returns>False when the message is not one of these.</returns>
    private bool OnLifecycleMessage(object message)
    {
        switch (message)
        {
            case PoolProtocol.MaintenanceTick tick:
                OnMaintenanceTick(tick.Kind);
                return true;
            case PoolProtocol.ValidationCompleted validated:
                OnValidationCompleted(validated);
                return true;
            case PoolProtocol.Prefill prefill:
                TopUp(prefill.Initial);
                return true;
            case PoolProtocol.ProbeServer probe:
                OnProbeServer(probe.ServerIndex);
                return true;
            case PoolProtocol.HealthProbed probed:
                OnHealthProbed(probed);
                return true;
            case PoolProtocol.RegisterFailover register:
                _failoverActor = register.FailoverActor;
                return true;
            case PoolProtocol.FailoverCompleted completed:
                OnFailoverCompleted(completed);
                return true;
            case PoolProtocol.BackendBroken broken:
                OnBackendBroken(broken.Server);
                return true;
            case PoolProtocol.CheckPrimary check:
                ProbePrimary(check.ServerIndex, check.Attempt);
                return true;
            case PoolProtocol.PrimaryChecked check:
                OnPrimaryChecked(check);
                return true;
            case PoolProtocol.GetServers:
                Sender?.Tell(BuildServers(), Self);
                return true;
            case PoolProtocol.ShutdownDeadline:
                OnShutdownDeadline();
                return true;
            default:
                return false;
        }
    }
}
