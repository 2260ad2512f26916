using Agroal.Actors.Clients;
using Agroal.Actors.Cluster;
using Akka.Actor;

namespace Agroal.Actors.Pool;

/// <summary>
/// Cluster mode: this node's share of the cluster-wide budgets (<see cref="ConnectionBudgetCap"/>). Opening obeys
/// min(share, max_connections) and, per limits rule, min(share, max_size); backends above a lowered share are closed,
/// the idle ones at once and the leased ones when they come back. While over, returns go through this actor (the
/// lanes' fast return is suspended) so that none slips back to Free. Until the first share arrives the pool opens
/// nothing. Each cap names the limits it was shared out from; when they are not the pool's (a reload that changed
/// the limits - restart-only today, so this guards the day they apply live - or a cap crossing one), the pool asks its
/// budget actor for new shares and a rule opens nothing until they come.
/// </summary>
public sealed partial class PoolManagerActor
{
    private int _budgetMaxConnections;
    private IReadOnlyList<int> _budgetRuleMaxSizes = [];
    private IReadOnlyList<int> _budgetRuleBudgets = [];
    private bool _budgetRulesCurrent;
    private IActorRef? _budgetSource;
    private bool _overBudget;

    /// <summary>How many backends this node may hold now.</summary>
    private int MaxBackends => Math.Min(_options.MaxConnections, _budgetMaxConnections);

    private int MaxBackendsOfRule(PoolLimit limit)
    {
        if (!_options.ClusterBudget)
        {
            return limit.MaxSize;
        }
        return _budgetRulesCurrent && limit.RuleIndex < _budgetRuleMaxSizes.Count ? Math.Min(limit.MaxSize, _budgetRuleMaxSizes[limit.RuleIndex]) : 0;
    }

    private void OnBudgetCap(ConnectionBudgetCap cap)
    {
        _budgetSource = Sender;
        _budgetMaxConnections = cap.MaxConnections;
        _budgetRuleMaxSizes = cap.RuleMaxSizes;
        _budgetRuleBudgets = cap.RuleBudgets;
        _budgetRulesCurrent = cap.RuleBudgets.SequenceEqual(_options.RuleMaxSizes);
        PoolLog.BudgetShare(_logger, cap.MaxConnections, string.Join(",", cap.RuleMaxSizes));
        if (!_budgetRulesCurrent)
        {
            // Shares of the limits before a reload: ask for the current ones, and hold the rules back meanwhile.
            _budgetSource.Tell(new ConnectionBudgetTotals(_options.MaxConnections, _options.RuleMaxSizes, _options.RuleNames), Self);
        }
        TrimToBudget();
        // A larger share may let queued clients in.
        if (_waiters.Count > 0)
        {
            ServeWaiters();
            ArmDeadlineTimer();
        }
    }

    /// <summary>A reload changed the limits file: the rule shares now belong to other budgets (or rules) until the new ones come.</summary>
    private void OnBudgetsReconfigured()
    {
        if (!_options.ClusterBudget || _budgetSource is null)
        {
            return;
        }
        // Also with the same budgets: the rules' names (what cluster members shows) may have changed.
        _budgetRulesCurrent = _budgetRuleBudgets.SequenceEqual(_options.RuleMaxSizes);
        _budgetSource.Tell(new ConnectionBudgetTotals(_options.MaxConnections, _options.RuleMaxSizes, _options.RuleNames), Self);
    }

    /// <summary>Closes idle backends above the share and keeps returns coming here while leased ones are still above it.</summary>
    private void TrimToBudget()
    {
        while (_total > MaxBackends && CloseOneFree(ruleIndex: -1))
        {
        }
        var over = _total > MaxBackends;
        for (var rule = 0; _budgetRulesCurrent && rule < _budgetRuleMaxSizes.Count; rule++)
        {
            while (BackendsOfRule(rule) > _budgetRuleMaxSizes[rule] && CloseOneFree(rule))
            {
            }
            over |= BackendsOfRule(rule) > _budgetRuleMaxSizes[rule];
        }
        if (over != _overBudget)
        {
            _overBudget = over;
            if (_shutdown == ShutdownPhase.None)
            {
                _lanes.Suspend(over);
            }
        }
    }

    /// <summary>True when a backend coming back must be closed because this node holds more than its share.</summary>
    private bool AboveBudget(PoolSlot slot) =>
        _overBudget && (_total > MaxBackends ||
            (_budgetRulesCurrent && slot.RuleIndex >= 0 && slot.RuleIndex < _budgetRuleMaxSizes.Count && BackendsOfRule(slot.RuleIndex) > _budgetRuleMaxSizes[slot.RuleIndex]));

    /// <summary>Closes one Free backend (of the rule, when not -1); false when there is none.</summary>
    private bool CloseOneFree(int ruleIndex)
    {
        for (var i = _slots.Length - 1; i >= 0; i--)
        {
            var slot = _slots[i];
            if (slot.State != SlotState.Free || (ruleIndex >= 0 && slot.RuleIndex != ruleIndex))
            {
                continue;
            }
            if (ChangeState(slot, SlotState.Remove, expected: SlotState.Free))
            {
                TrackSlot(ConnectionTracker.RemoveConnection, slot);
                CloseSlot(slot, clean: true);
                return true;
            }
        }
        return false;
    }
}
