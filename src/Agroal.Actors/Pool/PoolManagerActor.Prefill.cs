using Agroal.Actors.Clients;
using Agroal.Actors.Errors;
using Agroal.Actors.Runtime;
using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Pool;

/// <summary>
/// pgagroal_databases.conf prefill: <c>initial_size</c> backends per rule at start, topped up to <c>min_size</c> after
/// kills (idle timeout, age, validation, flush). A key whose login the server refuses is not prefilled again.
/// </summary>
public sealed partial class PoolManagerActor
{
    private void TopUp(bool initial = false)
    {
        var prefill = _options.Prefill;
        if (prefill.Count == 0 || _shutdown != ShutdownPhase.None)
        {
            return;
        }
        foreach (var rule in prefill)
        {
            if (_prefillStopped.Contains(rule.Key) || _lifecycle.DisabledDatabases.Contains(rule.Key.Database))
            {
                continue;
            }
            var target = initial ? Math.Max(rule.InitialSize, rule.MinSize) : rule.MinSize;
            var have = BackendsOf(rule.Key);
            while (have < target && _notInit.Count > 0 && _total < MaxBackends && BackendsOfRule(rule.Limit.RuleIndex) < MaxBackendsOfRule(rule.Limit))
            {
                if (ChooseServer(out var server) != ServerChoice.Use)
                {
                    return;
                }
                if (_options.Tracker)
                {
                    ConnectionTracker.Client(_logger, Context.System.TimeProvider, ConnectionTracker.Prefill, rule.Key.User, rule.Key.Database, CountInUse());
                }
                Open(rule.Key, rule.Limit, waiter: null, server!);
                have++;
            }
        }
    }

    private int BackendsOf(PoolKey key)
    {
        var count = 0;
        foreach (var slot in _slots)
        {
            if (slot.State != SlotState.NotInit && slot.Key == key)
            {
                count++;
            }
        }
        return count;
    }

    private void StopPrefill(PoolKey key, PoolerError error)
    {
        foreach (var rule in _options.Prefill)
        {
            if (rule.Key == key && _prefillStopped.Add(key))
            {
                PoolLog.PrefillStopped(_logger, key.ToString(), error.Message);
            }
        }
    }
}
