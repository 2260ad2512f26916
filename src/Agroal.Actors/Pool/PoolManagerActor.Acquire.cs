using Agroal.Actors.Clients;
using Agroal.Actors.Errors;
using Agroal.Actors.Runtime;
using Akka.Actor;
using Agroal.Actors.Pool.Backend;

namespace Agroal.Actors.Pool;

public sealed partial class PoolManagerActor
{
    private void OnAcquire(PoolProtocol.Acquire request)
    {
        _counters.AcquireRequested();
        // blocking_timeout = 0: no open-ended wait, but max_retries tries along the back-off (pgagroal HEAD).
        var wait = WaitBudget;
        var deadline = Now + WaitBudgetTicks;
        var waiter = new PoolWaiter(request, deadline);
        if (_waiters.Count == 0 && TryServe(waiter))
        {
            return;
        }
        if (wait <= TimeSpan.Zero)
        {
            Refuse(waiter, PoolerErrors.PoolFull);
            return;
        }
        waiter.Node = _waiters.AddLast(waiter);
        PublishGauges();
        if (_waiters.Count == 1)
        {
            ArmDeadlineTimer();
        }
        // An earlier waiter may be stuck behind a limit that this one is not subject to.
        ServeWaiters();
    }

    /// <summary>Leases, opens or makes room for a backend; false when the waiter has to keep waiting.</summary>
    private bool TryServe(PoolWaiter waiter)
    {
        var foreground = _options.Validation == Configuration.ValidationMode.Foreground;
        if (TryTakeFree(waiter.Key, foreground ? SlotState.Validation : SlotState.InUse, out var free))
        {
            if (foreground)
            {
                BeginValidation(free, waiter);
            }
            else
            {
                Lease(free, waiter);
            }
            return true;
        }
        if (_options.ReuseOnly && _total >= MaxBackends)
        {
            return false;
        }
        switch (ChooseServer(out var server))
        {
            case ServerChoice.Wait:
                return false;
            case ServerChoice.None:
                Refuse(waiter, PoolerErrors.ConnectionRefused.WithDetail("no server is available"));
                return true;
        }
        var limit = _options.FindLimit(waiter.Key.User, waiter.Key.Database);
        if (limit is not null && BackendsOfRule(limit.RuleIndex) >= MaxBackendsOfRule(limit))
        {
            // The rule is full: only an idle backend of another key under the same rule can make room.
            if (!TryEvictIdle(waiter.Key, limit.RuleIndex))
            {
                return false;
            }
        }
        else if (_total >= MaxBackends && !TryEvictIdle(waiter.Key, ruleIndex: null))
        {
            return false;
        }
        Open(waiter.Key, limit, waiter, server!);
        return true;
    }

    /// <summary>
    /// Takes the key's most recently used Free backend out of its lane into <paramref name="next"/>. A session may
    /// lease the same cell at the same moment: the move only happens from Free, and another cell is tried otherwise.
    /// A backend found closed on the way is removed.
    /// </summary>
    private bool TryTakeFree(PoolKey key, SlotState next, out PoolSlot slot)
    {
        var lane = _lanes.For(key);
        while (lane.PeekFree() is { } cell)
        {
            var candidate = _slots[cell.Id];
            if (candidate.Connection is not { IsClosed: false } connection || connection.Closed.IsCancellationRequested)
            {
                if (ChangeState(candidate, SlotState.Remove, expected: SlotState.Free))
                {
                    TrackSlot(ConnectionTracker.BadConnection, candidate);
                    // Its liveness message is still on the way, and will find the slot gone: counted here instead.
                    if (candidate.Connection is { } ended)
                    {
                        CountIdleBackendLost(ended);
                    }
                    CloseSlot(candidate, clean: false);
                }
                continue;
            }
            if (ChangeState(candidate, next, expected: SlotState.Free))
            {
                slot = candidate;
                return true;
            }
        }
        slot = null!;
        return false;
    }

    /// <summary>Closes the least recently used Free backend of another key (within one rule when given).</summary>
    private bool TryEvictIdle(PoolKey forKey, int? ruleIndex)
    {
        // A session may lease the chosen victim meanwhile; then the next one is tried.
        for (var attempt = 0; attempt < _slots.Length; attempt++)
        {
            if (_lanes.CountFree() == 0 || FindEvictionVictim(forKey, ruleIndex) is not { } victim)
            {
                return false;
            }
            // Through Remove, as pgagroal's remove_connection: the line shows the slot before it is cleared.
            if (ChangeState(victim, SlotState.Remove, expected: SlotState.Free))
            {
                TrackSlot(ConnectionTracker.RemoveConnection, victim);
                CloseSlot(victim, clean: true);
                _counters.ConnectionEvicted();
                return true;
            }
        }
        return false;
    }

    private PoolSlot? FindEvictionVictim(PoolKey forKey, int? ruleIndex)
    {
        PoolSlot? victim = null;
        foreach (var slot in _slots)
        {
            if (slot.State != SlotState.Free || slot.Key == forKey || (ruleIndex is { } rule && slot.RuleIndex != rule))
            {
                continue;
            }
            if (victim is null || slot.LastUsedTimestamp < victim.LastUsedTimestamp)
            {
                victim = slot;
            }
        }
        return victim;
    }

    private int BackendsOfRule(int ruleIndex) => _backendsPerRule.TryGetValue(ruleIndex, out var count) ? count : 0;

    /// <summary>Spawns a slot actor that logs in for <paramref name="key"/>; without a waiter the backend becomes Free (prefill).</summary>
    private void Open(PoolKey key, PoolLimit? limit, PoolWaiter? waiter, ServerRecord server)
    {
        var slot = _slots[_notInit.Pop()];
        slot.Key = key;
        slot.ServerIndex = server.Index;
        slot.RuleIndex = limit?.RuleIndex ?? -1;
        if (limit is not null)
        {
            _backendsPerRule[limit.RuleIndex] = BackendsOfRule(limit.RuleIndex) + 1;
        }
        slot.ReservedFor = waiter;
        slot.ApplicationName = waiter?.Request.ApplicationName;
        slot.CreatedTimestamp = Now;
        slot.LastUsedTimestamp = slot.CreatedTimestamp;
        slot.Incarnation++;
        slot.Cell.Lane = _lanes.For(key);
        var actor = Context.ActorOf(
            ActorProps.Of(() => new ServerConnectionActor(slot.Id, _connector)),
            $"server-{slot.Id}-{slot.Incarnation}");
        slot.Actor = actor;
        _slotByActor[actor] = slot.Id;
        Context.Watch(actor);
        ChangeState(slot, SlotState.Init);
        // The session pipeline resets each backend with DISCARD ALL, which goes back to the login's application_name:
        // opened with the client's, the backend needs no alignment for the next client of that application. The
        // transaction pipeline keeps server defaults at login (its settings are tracked against them).
        var login = new BackendLogin(key, _options.BackendPassword(key.User), _options.TransactionMode ? null : waiter?.Request.ApplicationName);
        actor.Tell(new ServerConnectionProtocol.Connect(server.Endpoint, login, _options.ConnectTimeout, DetectRole: !server.RoleKnown), Self);
    }

    private void Lease(PoolSlot slot, PoolWaiter waiter)
    {
        slot.LastUsedTimestamp = Now;
        slot.ApplicationName = waiter.Request.ApplicationName;
        slot.Holder = waiter.Request.ReplyTo;
        ChangeState(slot, SlotState.InUse);
        _counters.ConnectionLeased();
        waiter.Request.ReplyTo.Tell(new PoolProtocol.Leased(slot.Connection!, waiter.Request.Ticket, slot.Cell.LeaseGeneration), Self);
    }

    private void Refuse(PoolWaiter waiter, PoolerError error)
    {
        if (error.Kind == PoolerErrorKind.PoolFull)
        {
            _counters.AcquireTimedOut();
        }
        waiter.Request.ReplyTo.Tell(new PoolProtocol.Refused(error, waiter.Request.Ticket), Self);
    }

    private void OnBackendReady(PoolProtocol.BackendReady ready)
    {
        var slot = _slots[ready.SlotId];
        if (slot.State != SlotState.Init || !ReferenceEquals(slot.Actor, Sender))
        {
            ready.Connection.Abort();
            return;
        }
        _counters.ConnectionOpened();
        slot.Connection = ready.Connection;
        slot.Cell.ExpiresTimestamp = ExpiryOf(slot);
        WatchLiveness(ready.Connection);
        OnServerAnswered(slot.ServerIndex, ready.InRecovery);
        NoteServerVersion(slot.ServerIndex, ready.Connection.Parameters["server_version"]);
        var waiter = slot.ReservedFor;
        slot.ReservedFor = null;
        // Dialled before a reload marked its server invalid: the client it was opened for still gets it (it is the same
        // PostgreSQL), but it is closed on return rather than pooled.
        var onInvalidServer = IsInvalidServer(slot.ServerIndex);
        if (onInvalidServer)
        {
            PoolLog.BackendOnInvalidServer(_logger, ready.Connection.Server.ToString());
        }
        if (waiter is { Abandoned: false })
        {
            Lease(slot, waiter);
            if (onInvalidServer)
            {
                FlushSlot(slot, FlushMode.Gracefully);
            }
            return;
        }
        slot.LastUsedTimestamp = Now;
        // The holder is a live object now (the session's lease awaiter): a free slot does not keep it.
        slot.Holder = null;
        ChangeState(slot, SlotState.Free);
        if (waiter is null)
        {
            TrackSlot(ConnectionTracker.PrefillReturn, slot);
        }
        if (onInvalidServer)
        {
            FlushSlot(slot, FlushMode.Gracefully);
        }
        ServeWaiters();
    }

    private void OnBackendFailed(PoolProtocol.BackendFailed failed)
    {
        var slot = _slots[failed.SlotId];
        if (slot.State != SlotState.Init || !ReferenceEquals(slot.Actor, Sender))
        {
            return;
        }
        _counters.ConnectionFailed();
        var waiter = slot.ReservedFor;
        if (waiter is null)
        {
            TrackSlot(ConnectionTracker.PrefillKill, slot);
        }
        var serverIndex = slot.ServerIndex;
        if ((uint)serverIndex < (uint)_servers.Count)
        {
            _servers[serverIndex].ConnectErrors++;
        }
        var key = slot.Key!;
        ChangeState(slot, SlotState.NotInit);
        if (OnOpenFailed(serverIndex, key, failed.Error) && waiter is { Abandoned: false })
        {
            // A failover started: the client waits for the new primary instead of seeing the old one's error.
            waiter.Node = _waiters.AddFirst(waiter);
            PublishGauges();
            ArmDeadlineTimer();
            return;
        }
        if (waiter is { Abandoned: false })
        {
            Refuse(waiter, failed.Error);
        }
        ServeWaiters();
    }

    private void OnAbandon(PoolProtocol.Abandon abandon)
    {
        for (var node = _waiters.First; node is not null; node = node.Next)
        {
            if (node.Value.Is(abandon.ReplyTo, abandon.Ticket))
            {
                _waiters.Remove(node);
                PublishGauges();
                return;
            }
        }
        foreach (var slot in _slots)
        {
            if (slot.State is SlotState.Init or SlotState.Validation && slot.ReservedFor is { } reserved && reserved.Is(abandon.ReplyTo, abandon.Ticket))
            {
                reserved.Abandoned = true;
                return;
            }
        }
    }

    /// <summary>Serves queued clients in arrival order; one blocked by its own limit does not hold up the others.</summary>
    private void ServeWaiters()
    {
        var node = _waiters.First;
        while (node is not null)
        {
            // With no Free backend and no room for a new one nobody can be served: stop instead of walking (and
            // hashing the key of) every waiter, which under load happens on every release.
            if (_total >= MaxBackends && _lanes.CountFree() == 0)
            {
                break;
            }
            var next = node.Next;
            if (TryServe(node.Value))
            {
                _waiters.Remove(node);
            }
            node = next;
        }
        PublishGauges();
    }

    private void ArmDeadlineTimer()
    {
        if (_waiters.First is null && _lent is { } lane)
        {
            ArmLentDeadlineTimer(lane);
            return;
        }
        if (_waiters.First is not { } head)
        {
            if (_deadlineArmedFor is not null)
            {
                Timers.Cancel(DeadlineTimerKey);
                _deadlineArmedFor = null;
            }
            return;
        }
        if (ReferenceEquals(head.Value, _deadlineArmedFor) && Timers.IsTimerActive(DeadlineTimerKey))
        {
            return;
        }
        _deadlineArmedFor = head.Value;
        var remaining = TimeSpan.FromSeconds((double)(head.Value.DeadlineTimestamp - Now) / Context.System.TimeProvider.TimestampFrequency);
        if (remaining < TimeSpan.Zero)
        {
            remaining = TimeSpan.Zero;
        }
        Timers.StartSingleTimer(DeadlineTimerKey, PoolProtocol.CheckDeadlines.Instance, remaining);
    }

    private void OnCheckDeadlines()
    {
        var now = Now;
        var node = _waiters.First;
        while (node is not null)
        {
            var next = node.Next;
            if (node.Value.DeadlineTimestamp <= now)
            {
                _waiters.Remove(node);
                Refuse(node.Value, PoolerErrors.PoolFull);
            }
            node = next;
        }
        PublishGauges();
        ArmDeadlineTimer();
    }
}
