using Agroal.Actors.Runtime;
using Akka.Actor;

namespace Agroal.Actors.Pool;

/// <summary>Start-up and reconfiguration: the timers and prefill that follow the options.</summary>
public sealed partial class PoolManagerActor
{
    protected override void PreStart()
    {
        _lanes.UseClock(Context.System.TimeProvider);
        PublishWaitBudget();
        ArmMaintenanceTimers();
        ArmHealthCheck();
        Self.Tell(new PoolProtocol.Prefill(Initial: true), Self);
    }

    private void OnReconfigured(DuplicateServerFindings? duplicates)
    {
        _lanes.RequireLeaseCheck(_options.Validation == Configuration.ValidationMode.Foreground);
        PublishWaitBudget();
        foreach (var slot in _slots)
        {
            if (slot.Connection is not null)
            {
                slot.Cell.ExpiresTimestamp = ExpiryOf(slot);
            }
        }
        RefreshServerRecords();
        ApplyDuplicateFindings(duplicates);
        ArmMaintenanceTimers();
        ArmHealthCheck();
        TopUp();
    }
}
