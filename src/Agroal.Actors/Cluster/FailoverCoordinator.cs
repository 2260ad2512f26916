using Akka.Actor;
using Akka.Cluster;
using Akka.DistributedData;
using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Cluster;

/// <summary>
/// The cluster's one failover leader (a cluster singleton). Nodes report what they see of the primary; the coordinator
/// handles one report at a time: it reads the <see cref="PrimaryView"/> with a majority (a report older than the view is
/// already handled), probes the old primary itself (it may answer: nothing to do), asks the candidate
/// <c>pg_is_in_recovery()</c> (false: a coordinator before a hand-over already promoted it, so the script is not run
/// again), runs failover_script, and writes the new view with a majority. Every reporter gets the
/// <see cref="FailoverOutcome"/>; every node follows the view.
/// </summary>
public sealed class FailoverCoordinator : UntypedActor, IWithStash
{
    private readonly IFailoverProbe _probe;
    private readonly IFailoverScript _script;
    private readonly FailoverCoordinatorSettings _settings;
    private readonly ILogger _logger;
    private readonly IActorRef _replicator;
    private readonly UniqueAddress _self;
    private readonly List<IActorRef> _reporters = [];
    private PrimaryFailureReport? _report;
    private SwitchPrimaryRequest? _switch;
    private PrimaryView _view = new(string.Empty, 0);
    private FailoverVerdict _pendingVerdict;
    private string _pendingDetail = string.Empty;
    private readonly FailoverRunCounts? _runs;
    private int _scriptRuns;

    /// <param name="runs">This node's counts of the failovers carried out here (the metrics read them); null counts nothing.</param>
    public FailoverCoordinator(IFailoverProbe probe, IFailoverScript script, FailoverCoordinatorSettings settings, ILogger logger,
        FailoverRunCounts? runs = null)
    {
        _runs = runs;
        _probe = probe;
        _script = script;
        _settings = settings;
        _logger = logger;
        var data = DistributedData.Get(Context.System);
        _replicator = data.Replicator;
        _self = Akka.Cluster.Cluster.Get(Context.System).SelfUniqueAddress;
    }

    public IStash Stash { get; set; } = null!;

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case PrimaryFailureReport report:
                FailoverCoordinatorLog.Reported(_logger, report.Reporter, report.OldServer, report.CandidateServer, report.SeenEpoch, report.Reason);
                Begin(report, null);
                break;
            case SwitchPrimaryRequest request:
                Begin(null, request);
                break;
            case FailoverCoordinatorProtocol.GetScriptRuns:
                Sender.Tell(_scriptRuns, Self);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    /// <summary>Starts one decision; until it ends, new reports wait (stashed) so that two scripts never run at once.</summary>
    private void Begin(PrimaryFailureReport? report, SwitchPrimaryRequest? request)
    {
        _report = report;
        _switch = request;
        _reporters.Clear();
        _reporters.Add(Sender);
        Become(Deciding);
        _replicator.Tell(Dsl.Get(PrimaryViewKey.Key, new ReadMajority(_settings.MajorityTimeout)), Self);
    }

    private void Deciding(object message)
    {
        switch (message)
        {
            case GetSuccess success when success.Key.Equals(PrimaryViewKey.Key):
                _view = success.Get(PrimaryViewKey.Key).Value;
                Decide();
                break;
            case NotFound notFound when notFound.Key.Equals(PrimaryViewKey.Key):
                Decide();
                break;
            case GetFailure failure when failure.Key.Equals(PrimaryViewKey.Key):
                // A majority did not answer in time; the local copy is what this node knows (it may be older, and then the
                // candidate's pg_is_in_recovery() still keeps the script from running twice).
                FailoverCoordinatorLog.ReadMajorityFailed(_logger, _settings.MajorityTimeout.TotalSeconds);
                _replicator.Tell(Dsl.Get(PrimaryViewKey.Key, ReadLocal.Instance), Self);
                break;
            case FailoverCoordinatorProtocol.OldPrimaryProbed probed:
                OnOldPrimaryProbed(probed.AcceptsConnections);
                break;
            case FailoverCoordinatorProtocol.CandidateProbed candidate:
                OnCandidateProbed(candidate.InRecovery);
                break;
            case FailoverCoordinatorProtocol.ScriptEnded ended:
                OnScriptEnded(ended);
                break;
            case UpdateSuccess:
                Finish(_pendingVerdict, _pendingDetail);
                break;
            case IUpdateResponse response when !response.IsSuccessful:
                // The write reached this node's replica and spreads by gossip; a majority did not confirm in time.
                FailoverCoordinatorLog.WriteMajorityFailed(_logger, _view.Server, _view.Epoch, _settings.MajorityTimeout.TotalSeconds);
                Finish(_pendingVerdict, _pendingDetail + " (majority write not confirmed in time)");
                break;
            case PrimaryFailureReport same when _report is not null && same.OldServer == _report.OldServer && same.SeenEpoch == _report.SeenEpoch:
                // Another node saw the same failure: it gets the same answer.
                _reporters.Add(Sender);
                break;
            case FailoverCoordinatorProtocol.GetScriptRuns:
                Sender.Tell(_scriptRuns, Self);
                break;
            default:
                Stash.Stash();
                break;
        }
    }

    private void Decide()
    {
        if (_switch is not null)
        {
            WriteView(_switch.Server, FailoverVerdict.Promoted, $"switch-to {_switch.Server} from {_switch.Reporter}");
            return;
        }
        var report = _report!;
        if (report.SeenEpoch < _view.Epoch)
        {
            Finish(FailoverVerdict.AlreadyHandled, $"the view is at epoch {_view.Epoch}, the report saw {report.SeenEpoch}");
            return;
        }
        if (_view.Epoch > 0 && _view.Server != report.OldServer)
        {
            Finish(FailoverVerdict.AlreadyHandled, $"the view names {_view.Server}, not {report.OldServer}");
            return;
        }
        _probe.AcceptsConnectionsAsync(report.OldHost, report.OldPort, _settings.ProbeTimeout)
            .PipeTo(Self, success: static accepts => new FailoverCoordinatorProtocol.OldPrimaryProbed(accepts),
                failure: static _ => new FailoverCoordinatorProtocol.OldPrimaryProbed(false));
    }

    private void OnOldPrimaryProbed(bool acceptsConnections)
    {
        var report = _report!;
        if (acceptsConnections)
        {
            Finish(FailoverVerdict.PrimaryAnswers, $"{report.OldServer} accepts connections from the coordinator");
            return;
        }
        _probe.IsInRecoveryAsync(report.CandidateHost, report.CandidatePort, _settings.ProbeTimeout)
            .PipeTo(Self, success: static inRecovery => new FailoverCoordinatorProtocol.CandidateProbed(inRecovery),
                failure: static _ => new FailoverCoordinatorProtocol.CandidateProbed(null));
    }

    private void OnCandidateProbed(bool? inRecovery)
    {
        var report = _report!;
        switch (inRecovery)
        {
            case false:
                _runs?.CountAlreadyPromoted();
                WriteView(report.CandidateServer, FailoverVerdict.AlreadyPromoted, $"{report.CandidateServer} is not in recovery: the script is not run again");
                break;
            case null:
                Finish(FailoverVerdict.Failed, $"cannot ask {report.CandidateServer} whether it is in recovery");
                break;
            default:
                _scriptRuns++;
                FailoverCoordinatorLog.RunningScript(_logger, report.OldServer, report.CandidateServer);
                _script.RunAsync(report.OldHost, report.OldPort, report.CandidateHost, report.CandidatePort)
                    .PipeTo(Self, success: static result => new FailoverCoordinatorProtocol.ScriptEnded(result),
                        failure: static ex => new FailoverCoordinatorProtocol.ScriptEnded(new Failover.ScriptResult(-1, ex.Message, TimedOut: false)));
                break;
        }
    }

    private void OnScriptEnded(FailoverCoordinatorProtocol.ScriptEnded ended)
    {
        var report = _report!;
        _runs?.CountScript(ended.Result);
        if (!ended.Result.Succeeded)
        {
            FailoverCoordinatorLog.ScriptFailed(_logger, ended.Result.ExitCode, ended.Result.TimedOut, ended.Result.Output.TrimEnd());
            Finish(FailoverVerdict.Failed, $"failover_script exit_code={ended.Result.ExitCode} timed_out={ended.Result.TimedOut}");
            return;
        }
        WriteView(report.CandidateServer, FailoverVerdict.Promoted, $"failover_script promoted {report.CandidateServer}");
    }

    private void WriteView(string server, FailoverVerdict verdict, string detail)
    {
        var next = new PrimaryView(server, _view.Epoch + 1);
        _view = next;
        _pendingVerdict = verdict;
        _pendingDetail = detail;
        var self = _self;
        _replicator.Tell(Dsl.Update(PrimaryViewKey.Key, new LWWRegister<PrimaryView>(self, next), new WriteMajority(_settings.MajorityTimeout),
            register => register.WithValue(self, next)), Self);
    }

    private void Finish(FailoverVerdict verdict, string detail)
    {
        FailoverCoordinatorLog.Decided(_logger, verdict, _view.Server, _view.Epoch, detail);
        var outcome = new FailoverOutcome(verdict, _view.Server, _view.Epoch, detail);
        foreach (var reporter in _reporters)
        {
            if (!reporter.IsNobody())
            {
                reporter.Tell(outcome, Self);
            }
        }
        _reporters.Clear();
        _report = null;
        _switch = null;
        Become(OnReceive);
        Stash.UnstashAll();
    }
}
