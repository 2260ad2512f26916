using Agroal.Actors.Cluster;
using Agroal.Actors.Failover;

namespace Agroal.Tests.Cluster;

/// <summary>
/// The servers as the in-process coordinator tests see them (deterministic timing only; the multi-process tests use
/// PostgreSQL): whether the old primary accepts connections, whether the candidate is in recovery, and a script that
/// counts its runs, promotes the candidate and can be held until the test releases it.
/// </summary>
internal sealed class FakeFailoverWorld : IFailoverProbe, IFailoverScript
{
    private int _scriptRuns;
    private volatile bool _oldAcceptsConnections;
    private volatile bool _candidateInRecovery = true;

    public TaskCompletionSource ScriptStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completed by the test to let the script end; already completed unless the test holds the script.</summary>
    public TaskCompletionSource ScriptRelease { get; set; } = CompletedRelease();

    public int ScriptRuns => Volatile.Read(ref _scriptRuns);

    public bool OldAcceptsConnections
    {
        get => _oldAcceptsConnections;
        set => _oldAcceptsConnections = value;
    }

    public bool CandidateInRecovery
    {
        get => _candidateInRecovery;
        set => _candidateInRecovery = value;
    }

    public Task<bool> AcceptsConnectionsAsync(string host, int port, TimeSpan timeout) => Task.FromResult(_oldAcceptsConnections);

    public Task<bool?> IsInRecoveryAsync(string host, int port, TimeSpan timeout) => Task.FromResult<bool?>(_candidateInRecovery);

    public async Task<ScriptResult> RunAsync(string oldHost, int oldPort, string newHost, int newPort)
    {
        Interlocked.Increment(ref _scriptRuns);
        // The promotion happens when the script starts, as pg_ctl promote does before the script's own end.
        _candidateInRecovery = false;
        ScriptStarted.TrySetResult();
        await ScriptRelease.Task.ConfigureAwait(false);
        await Task.Delay(200).ConfigureAwait(false);
        return new ScriptResult(0, "promoted", TimedOut: false);
    }

    private static TaskCompletionSource CompletedRelease()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        release.SetResult();
        return release;
    }
}
