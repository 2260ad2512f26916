using Agroal.Actors.Errors;
using Akka.Actor;
using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Pool;

/// <summary>Server states: which server gets new backends, role detection, failover requests, switch-to and clear.</summary>
public sealed partial class PoolManagerActor
{
    private static List<ServerRecord> CreateServerRecords(IReadOnlyList<ServerEndpoint> endpoints)
    {
        var records = new List<ServerRecord>(endpoints.Count);
        for (var i = 0; i < endpoints.Count; i++)
        {
            records.Add(new ServerRecord(i, endpoints[i]));
        }
        return records;
    }

    /// <summary>Servers added by a reload join as NotInit; known ones keep their state (removing servers needs a restart).</summary>
    private void RefreshServerRecords()
    {
        var endpoints = _options.Servers;
        for (var i = 0; i < endpoints.Count; i++)
        {
            if (i < _servers.Count)
            {
                _servers[i].Endpoint = endpoints[i];
            }
            else
            {
                _servers.Add(new ServerRecord(i, endpoints[i]));
            }
        }
    }

    /// <summary>
    /// pgagroal's order: the primary, else the one configured as primary, else the first not failed; down servers are
    /// skipped, and so are invalid ones (startup_validation found them a duplicate), whatever their state.
    /// </summary>
    private ServerChoice ChooseServer(out ServerRecord? chosen)
    {
        chosen = null;
        ServerRecord? hinted = null;
        ServerRecord? other = null;
        foreach (var server in _servers)
        {
            if (server.Invalid)
            {
                continue;
            }
            switch (server.State)
            {
                case ServerState.Failover:
                    return ServerChoice.Wait;
                case ServerState.Primary when server.Down:
                    if (StartFailover(server))
                    {
                        return ServerChoice.Wait;
                    }
                    break;
                case ServerState.Primary:
                    chosen = server;
                    return ServerChoice.Use;
                case ServerState.NotInitPrimary when !server.Down:
                    hinted ??= server;
                    break;
                case ServerState.NotInit or ServerState.NotInitPrimary or ServerState.Replica when !server.Down:
                    other ??= server;
                    break;
            }
        }
        chosen = hinted ?? other;
        return chosen is null ? ServerChoice.None : ServerChoice.Use;
    }

    /// <summary>A login succeeded: the server is up, and the first login tells its role.</summary>
    private void OnServerAnswered(int serverIndex, bool? inRecovery)
    {
        if (serverIndex < 0 || serverIndex >= _servers.Count)
        {
            return;
        }
        var server = _servers[serverIndex];
        MarkUp(server);
        if (!server.RoleKnown && inRecovery is { } recovering)
        {
            ChangeServerState(server, recovering ? ServerState.Replica : ServerState.Primary);
        }
    }

    /// <summary>A login failed; true when a failover started, so the client waits for the new primary.</summary>
    private bool OnOpenFailed(int serverIndex, PoolKey key, PoolerError error)
    {
        if (error.Kind == PoolerErrorKind.ServerLoginFailed)
        {
            StopPrefill(key, error);
            return false;
        }
        if (error.Kind != PoolerErrorKind.ServerUnreachable || serverIndex < 0 || serverIndex >= _servers.Count)
        {
            return false;
        }
        var server = _servers[serverIndex];
        if (_options.HealthCheck)
        {
            MarkDown(server, error.Detail ?? error.Message);
        }
        return _options.Failover && server.State is not (ServerState.Failover or ServerState.Failed) && StartFailover(server);
    }

    /// <summary>
    /// Probes after a broken backend: a primary that is going down may still accept connections for a moment after its
    /// backends died, so a few probes 500 ms apart decide; a healthy primary answers them all and nothing happens.
    /// </summary>
    private const int PrimaryCheckAttempts = 4;
    private static readonly TimeSpan PrimaryCheckInterval = TimeSpan.FromMilliseconds(500);

    private void OnBackendBroken(ServerEndpoint endpoint)
    {
        if (!_options.Failover)
        {
            return;
        }
        foreach (var server in _servers)
        {
            if (server.Endpoint.Name == endpoint.Name && server.State == ServerState.Primary && !Timers.IsTimerActive(PrimaryCheckKey(server.Index)))
            {
                ProbePrimary(server.Index, attempt: 1);
                return;
            }
        }
    }

    private static string PrimaryCheckKey(int serverIndex) => $"primary-check-{serverIndex}";

    private void ProbePrimary(int serverIndex, int attempt)
    {
        if (serverIndex < 0 || serverIndex >= _servers.Count || _servers[serverIndex].State != ServerState.Primary)
        {
            return;
        }
        // Marks the check as running, so that more broken backends of the same outage do not start more checks.
        Timers.StartSingleTimer(PrimaryCheckKey(serverIndex), new PoolProtocol.CheckPrimary(serverIndex, PrimaryCheckAttempts + 1), TimeSpan.FromMinutes(1));
        Backend.ServerReachability.ProbeAsync(_servers[serverIndex].Endpoint, _options.HealthCheckTimeout)
            .PipeTo(Self, success: failure => new PoolProtocol.PrimaryChecked(serverIndex, failure, attempt),
                failure: ex => new PoolProtocol.PrimaryChecked(serverIndex, ex.Message, attempt));
    }

    private void OnPrimaryChecked(PoolProtocol.PrimaryChecked check)
    {
        if (check.ServerIndex < 0 || check.ServerIndex >= _servers.Count)
        {
            return;
        }
        var server = _servers[check.ServerIndex];
        if (check.Failure is null)
        {
            if (check.Attempt < PrimaryCheckAttempts)
            {
                Timers.StartSingleTimer(PrimaryCheckKey(check.ServerIndex), new PoolProtocol.CheckPrimary(check.ServerIndex, check.Attempt + 1), PrimaryCheckInterval);
            }
            else
            {
                Timers.Cancel(PrimaryCheckKey(check.ServerIndex));
            }
            return;
        }
        Timers.Cancel(PrimaryCheckKey(check.ServerIndex));
        if (server.State == ServerState.Primary)
        {
            PoolLog.BrokenServerUnreachable(_logger, server.Endpoint.ToString(), check.Failure);
            StartFailover(server);
        }
    }

    /// <summary>Hands the failover to the failover actor; one at a time. False when there is nothing to fail over to.</summary>
    private bool StartFailover(ServerRecord old)
    {
        // An invalid server gets no new backends: a dial still under way when it was marked says nothing of the primary.
        if (!_options.Failover || _failoverActor is null || old.Invalid)
        {
            return false;
        }
        foreach (var server in _servers)
        {
            if (server.State == ServerState.Failover)
            {
                return true;
            }
        }
        ServerRecord? candidate = null;
        var standbys = new List<ServerEndpoint>();
        foreach (var server in _servers)
        {
            if (server == old || server.Invalid || server.State is not (ServerState.NotInit or ServerState.NotInitPrimary or ServerState.Replica))
            {
                continue;
            }
            if (candidate is null)
            {
                candidate = server;
            }
            else
            {
                standbys.Add(server.Endpoint);
            }
        }
        if (candidate is null)
        {
            PoolLog.NoFailoverCandidate(_logger, old.Endpoint.ToString());
            ChangeServerState(old, ServerState.Failed);
            return false;
        }
        PoolLog.Promoting(_logger, old.Endpoint.ToString(), candidate.Endpoint.ToString());
        ChangeServerState(old, ServerState.Failover);
        _failoverActor.Tell(new FailoverRequest(old.Index, old.Endpoint, candidate.Index, candidate.Endpoint, standbys), Self);
        return true;
    }

    private void OnFailoverCompleted(PoolProtocol.FailoverCompleted completed)
    {
        if (completed.OldIndex < 0 || completed.OldIndex >= _servers.Count || completed.NewIndex < 0 || completed.NewIndex >= _servers.Count)
        {
            return;
        }
        var old = _servers[completed.OldIndex];
        var candidate = _servers[completed.NewIndex];
        ChangeServerState(old, ServerState.Failed);
        ChangeServerState(candidate, completed.Success ? ServerState.Primary : ServerState.Failed);
        if (completed.Success)
        {
            MarkUp(candidate);
        }
        FlushServer(old.Index);
        if (!completed.Success)
        {
            FlushServer(candidate.Index);
        }
        TopUp();
        ServeWaiters();
        ArmDeadlineTimer();
    }

    private PoolProtocol.Done SwitchTo(string name)
    {
        var target = FindServer(name);
        if (target is null)
        {
            return new PoolProtocol.Done(false, $"unknown server \"{name}\"");
        }
        if (target.Invalid)
        {
            return RefusedAsInvalid(target);
        }
        foreach (var server in _servers)
        {
            if (server == target)
            {
                ChangeServerState(server, ServerState.Primary);
                MarkUp(server);
            }
            else if (server.State is ServerState.Primary or ServerState.NotInitPrimary or ServerState.Failover)
            {
                // Failover included: in cluster mode the coordinator's verdict arrives as a switch-to and ends it.
                ChangeServerState(server, ServerState.Failed);
                FlushServer(server.Index);
            }
        }
        TopUp();
        ServeWaiters();
        return PoolProtocol.Done.Ok;
    }

    private PoolProtocol.Done ClearServer(string name)
    {
        var server = FindServer(name);
        if (server is null)
        {
            return new PoolProtocol.Done(false, $"unknown server \"{name}\"");
        }
        if (server.Invalid)
        {
            return RefusedAsInvalid(server);
        }
        if (server.State == ServerState.Failed)
        {
            ChangeServerState(server, ServerState.NotInit);
        }
        MarkUp(server);
        ServeWaiters();
        return PoolProtocol.Done.Ok;
    }

    private ServerRecord? FindServer(string name)
    {
        foreach (var server in _servers)
        {
            if (string.Equals(server.Endpoint.Name, name, StringComparison.Ordinal))
            {
                return server;
            }
        }
        return null;
    }

    /// <summary>The one door for server state changes.</summary>
    private void ChangeServerState(ServerRecord server, ServerState next)
    {
        if (server.State == next)
        {
            return;
        }
        PoolLog.ServerStateChanged(_logger, server.Endpoint.Name, server.State, next);
        server.State = next;
    }

    /// <summary>Closes the server's idle backends now and the in-use ones when they come back (pgagroal's graceful flush).</summary>
    private void FlushServer(int serverIndex)
    {
        foreach (var slot in _slots)
        {
            if (slot.State != SlotState.NotInit && slot.ServerIndex == serverIndex)
            {
                FlushSlot(slot, FlushMode.Gracefully);
            }
        }
    }

    /// <summary>Keeps the major version of "15.4" or "16devel" for status; a text without leading digits leaves it unknown.</summary>
    private void NoteServerVersion(int serverIndex, string? serverVersion)
    {
        if (serverIndex < 0 || serverIndex >= _servers.Count || serverVersion is null)
        {
            return;
        }
        var digits = 0;
        while (digits < serverVersion.Length && char.IsAsciiDigit(serverVersion[digits]))
        {
            digits++;
        }
        if (int.TryParse(serverVersion.AsSpan(0, digits), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var major))
        {
            _servers[serverIndex].MajorVersion = major;
        }
    }

    private PoolProtocol.Servers BuildServers()
    {
        var list = new List<PoolProtocol.ServerStatus>(_servers.Count);
        foreach (var server in _servers)
        {
            list.Add(new PoolProtocol.ServerStatus(server.Endpoint.Name, server.Endpoint.Host, server.Endpoint.Port, server.State, server.Down,
                server.Probed, server.ConnectErrors, server.MajorVersion, server.Streaming, server.DuplicateOf));
        }
        return new PoolProtocol.Servers(list);
    }
}
