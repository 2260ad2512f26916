using Akka.Actor;
using Agroal.Actors.Pool.Backend;
using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Pool;

/// <summary>
/// health_check: every health_check_period each server gets a login as health_check_user and <c>SELECT 1</c>.
/// Unlike pgagroal the verdict is used: a server that fails three probes in a row, or a dial, is marked down and
/// not dialled again until a probe gets an answer; a down server is probed with a back-off (1 s, 2 s, ... up to the period).
/// </summary>
public sealed partial class PoolManagerActor
{
    private const int ProbeFailuresBeforeDown = 3;
    private const string StreamingQuery =
        "SELECT CASE WHEN NOT pg_is_in_recovery() THEN -1 WHEN EXISTS (SELECT 1 FROM pg_stat_wal_receiver) THEN 1 ELSE 0 END";
    private static readonly TimeSpan FirstProbeBackoff = TimeSpan.FromSeconds(1);

    private void ArmHealthCheck()
    {
        if (!_options.HealthCheck)
        {
            Timers.Cancel(HealthTimerKey);
            return;
        }
        var period = _options.HealthCheckPeriod < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : _options.HealthCheckPeriod;
        Timers.StartPeriodicTimer(HealthTimerKey, new PoolProtocol.ProbeServer(-1), period);
    }

    private void OnProbeServer(int serverIndex)
    {
        if (serverIndex < 0)
        {
            foreach (var server in _servers)
            {
                // As pgagroal's health loop, which walks the valid servers only.
                if (!server.Invalid)
                {
                    Probe(server);
                }
            }
            return;
        }
        if (serverIndex < _servers.Count)
        {
            Probe(_servers[serverIndex]);
        }
    }

    private void Probe(ServerRecord server)
    {
        if (server.ProbeRunning)
        {
            return;
        }
        server.ProbeRunning = true;
        var index = server.Index;
        ProbeAsync(index, server.Endpoint, _options.HealthCheckUser, _options.BackendPassword(_options.HealthCheckUser), _options.HealthCheckTimeout)
            .PipeTo(Self, failure: ex => new PoolProtocol.HealthProbed(index, false, ex.Message));
    }

    /// <summary>
    /// The verdict on one server. Without a health_check_user a TCP connect is the probe; with one, a login and one
    /// statement that also tells the replication state (pg_stat_wal_receiver shows its row to every role).
    /// </summary>
    private async Task<PoolProtocol.HealthProbed> ProbeAsync(int index, ServerEndpoint endpoint, string user, string? password, TimeSpan timeout)
    {
        if (user.Length == 0)
        {
            var unreachable = await ServerReachability.ProbeAsync(endpoint, timeout).ConfigureAwait(false);
            return new PoolProtocol.HealthProbed(index, unreachable is null, unreachable);
        }
        var login = await _connector.ConnectAsync(endpoint, new BackendLogin(new PoolKey(user, user, ""), password), timeout, CancellationToken.None)
            .ConfigureAwait(false);
        if (login.Connection is not { } connection)
        {
            return new PoolProtocol.HealthProbed(index, false, login.Error?.Detail ?? login.Error?.Message ?? "login failed");
        }
        try
        {
            var (outcome, value) = await BackendQueryRunner.RunScalarAsync(connection, StreamingQuery, timeout, CancellationToken.None).ConfigureAwait(false);
            if (!outcome.Healthy)
            {
                return new PoolProtocol.HealthProbed(index, false, outcome.Failure ?? outcome.Error?.Message ?? "health query failed");
            }
            int? streaming = int.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var parsed)
                ? parsed : null;
            return new PoolProtocol.HealthProbed(index, true, null, ServerVersion.Major(connection.Parameters["server_version"]), streaming);
        }
        finally
        {
            await connection.CloseAsync(sayGoodbye: true).ConfigureAwait(false);
        }
    }

    private void OnHealthProbed(PoolProtocol.HealthProbed probed)
    {
        if (probed.ServerIndex < 0 || probed.ServerIndex >= _servers.Count)
        {
            return;
        }
        var server = _servers[probed.ServerIndex];
        server.ProbeRunning = false;
        server.Probed = true;
        if (probed.Answered)
        {
            if (probed.MajorVersion > 0)
            {
                server.MajorVersion = probed.MajorVersion;
            }
            server.Streaming = probed.Streaming ?? server.Streaming;
            MarkUp(server);
            return;
        }
        server.ConsecutiveProbeFailures++;
        if (server.Down || server.ConsecutiveProbeFailures >= ProbeFailuresBeforeDown)
        {
            MarkDown(server, probed.Failure ?? "no answer");
        }
    }

    /// <summary>Takes the server out of the dial order and schedules the next probe with a doubled back-off.</summary>
    private void MarkDown(ServerRecord server, string reason)
    {
        if (!server.Down)
        {
            PoolLog.ServerDown(_logger, server.Endpoint.Name, reason);
            server.Down = true;
            server.ProbeBackoff = FirstProbeBackoff;
        }
        else
        {
            var doubled = server.ProbeBackoff * 2;
            server.ProbeBackoff = doubled > _options.HealthCheckPeriod ? _options.HealthCheckPeriod : doubled;
        }
        if (_options.HealthCheck)
        {
            Timers.StartSingleTimer($"probe-{server.Index}", new PoolProtocol.ProbeServer(server.Index), server.ProbeBackoff);
        }
    }

    private void MarkUp(ServerRecord server)
    {
        server.ConsecutiveProbeFailures = 0;
        if (!server.Down)
        {
            return;
        }
        PoolLog.ServerAnswersAgain(_logger, server.Endpoint.Name);
        server.Down = false;
        server.ProbeBackoff = TimeSpan.Zero;
        Timers.Cancel($"probe-{server.Index}");
        if (_waiters.Count > 0)
        {
            ServeWaiters();
            ArmDeadlineTimer();
        }
    }
}
