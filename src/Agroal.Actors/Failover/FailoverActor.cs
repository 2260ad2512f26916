using System.Globalization;
using Akka.Actor;
using Agroal.Actors.Pool;
using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Failover;

/// <summary>
/// /failover: runs <c>failover_script old_host old_port new_host new_port</c> when the pool asks, one script at a time
/// (a request that arrives while one runs waits its turn), then <c>failover_notify_script</c> with the standbys on
/// success. Exit 0 promotes the candidate; anything else, or a script killed after failover_script_timeout, fails
/// both servers (the pool applies the verdict). The scripts' output goes to the log.
/// </summary>
public sealed class FailoverActor : UntypedActor
{
    private readonly IActorRef _pool;
    private FailoverSettings _settings;
    private readonly ILogger _logger;
    private readonly Queue<FailoverRequest> _pending = new();
    private bool _running;
    private int _scriptRuns;

    public FailoverActor(IActorRef pool, FailoverSettings settings, ILogger logger)
    {
        _pool = pool;
        _settings = settings;
        _logger = logger;
    }

    protected override void PreStart() => _pool.Tell(new PoolProtocol.RegisterFailover(Self), Self);

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case FailoverRequest request:
                _pending.Enqueue(request);
                RunNext();
                break;
            case FailoverProtocol.ScriptFinished finished:
                OnScriptFinished(finished.Request, finished.Result);
                break;
            case FailoverProtocol.NotifyFinished notified:
                Log("failover_notify_script", notified.Result);
                break;
            case FailoverProtocol.Reconfigure reconfigure:
                _settings = reconfigure.Settings;
                break;
            case FailoverProtocol.GetScriptRuns:
                Sender?.Tell(_scriptRuns, Self);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void RunNext()
    {
        if (_running || !_pending.TryDequeue(out var request))
        {
            return;
        }
        _running = true;
        _scriptRuns++;
        FailoverLog.Running(_logger, _settings.Script, request.OldServer.ToString(), request.NewServer.ToString());
        ScriptRunner.RunAsync(_settings.Script, Arguments(request.OldServer, request.NewServer, []), _settings.ScriptTimeout)
            .PipeTo(Self, success: result => new FailoverProtocol.ScriptFinished(request, result),
                failure: ex => new FailoverProtocol.ScriptFinished(request, new ScriptResult(-1, ex.Message, TimedOut: false)));
    }

    private void OnScriptFinished(FailoverRequest request, ScriptResult result)
    {
        _running = false;
        Log("failover_script", result);
        if (result.Succeeded && _settings.NotifyScript.Length > 0)
        {
            ScriptRunner.RunAsync(_settings.NotifyScript, Arguments(request.OldServer, request.NewServer, request.Standbys), _settings.ScriptTimeout)
                .PipeTo(Self, success: static notified => new FailoverProtocol.NotifyFinished(notified));
        }
        _pool.Tell(new PoolProtocol.FailoverCompleted(request.OldIndex, request.NewIndex, result.Succeeded), Self);
        RunNext();
    }

    private void Log(string what, ScriptResult result)
    {
        var output = result.Output.TrimEnd();
        if (result.Succeeded)
        {
            FailoverLog.ScriptSucceeded(_logger, what, output);
        }
        else if (result.TimedOut)
        {
            FailoverLog.ScriptTimedOut(_logger, what, _settings.ScriptTimeout.TotalSeconds, output);
        }
        else
        {
            FailoverLog.ScriptFailed(_logger, what, result.ExitCode, output);
        }
    }

    private static List<string> Arguments(ServerEndpoint old, ServerEndpoint candidate, IReadOnlyList<ServerEndpoint> standbys)
    {
        var arguments = new List<string>(4 + standbys.Count * 2)
        {
            old.Host, old.Port.ToString(CultureInfo.InvariantCulture), candidate.Host, candidate.Port.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var standby in standbys)
        {
            arguments.Add(standby.Host);
            arguments.Add(standby.Port.ToString(CultureInfo.InvariantCulture));
        }
        return arguments;
    }
}
