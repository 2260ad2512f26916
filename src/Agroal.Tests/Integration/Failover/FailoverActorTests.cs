using Agroal.Actors.Failover;
using Agroal.Actors.Runtime;
using Agroal.Tests.Runtime;
using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Agroal.Actors.Pool;
using Agroal.Tests.Integration.Fixtures;
using Microsoft.Extensions.Logging.Abstractions;

namespace Agroal.Tests.Integration.Failover;

public sealed class FailoverActorTests() : TestKit(ActorTestConfig.RealTime, "failover-test")
{
    private static readonly TimeSpan Reply = TimeSpan.FromSeconds(10);
    private readonly TempDirectory _directory = TempDirectory.Create();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _directory.Dispose();
        }
        base.Dispose(disposing);
    }

    private static readonly FailoverRequest Request = new(0, new ServerEndpoint("old", "10.0.0.1", 5432, true), 1,
        new ServerEndpoint("new", "10.0.0.2", 5433, false), [new ServerEndpoint("other", "10.0.0.3", 5434, false)]);

    private string Script(string name, string body)
    {
        var path = _directory.Combine(name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return path;
    }

    private (TestProbe Pool, IActorRef Failover) Start(FailoverSettings settings)
    {
        var pool = CreateTestProbe("pool");
        var failover = Sys.ActorOf(ActorProps.Of(() => new FailoverActor(pool.Ref, settings, NullLogger.Instance)), "failover");
        pool.ExpectMsg<PoolProtocol.RegisterFailover>(Reply);
        return (pool, failover);
    }

    [Fact]
    public async Task The_script_gets_old_and_new_host_and_port_and_exit_0_reports_success_then_notify_runs_with_the_standbys()
    {
        var calls = _directory.Combine("calls");
        var settings = new FailoverSettings(Script("failover.sh", $"echo \"$@\" >> {calls}"),
            Script("notify.sh", $"echo notify \"$@\" >> {calls}"), TimeSpan.FromSeconds(10));
        var (pool, failover) = Start(settings);

        pool.Send(failover, Request);

        var completed = pool.ExpectMsg<PoolProtocol.FailoverCompleted>(Reply);
        Assert.Equal((0, 1, true), (completed.OldIndex, completed.NewIndex, completed.Success));
        await Pooling.Eventually.TrueAsync(() => Task.FromResult(File.Exists(calls) && File.ReadAllLines(calls).Length == 2), "notify ran");
        Assert.Equal(["10.0.0.1 5432 10.0.0.2 5433", "notify 10.0.0.1 5432 10.0.0.2 5433 10.0.0.3 5434"], File.ReadAllLines(calls));
    }

    [Fact]
    public async Task A_non_zero_exit_reports_failure_and_the_notify_script_does_not_run()
    {
        var calls = _directory.Combine("calls");
        var settings = new FailoverSettings(Script("failover.sh", "exit 3"), Script("notify.sh", $"echo notify >> {calls}"), TimeSpan.FromSeconds(10));
        var (pool, failover) = Start(settings);

        pool.Send(failover, Request);

        Assert.False(pool.ExpectMsg<PoolProtocol.FailoverCompleted>(Reply).Success);
        pool.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Assert.False(File.Exists(calls));
    }

    [Fact]
    public async Task A_hanging_script_is_killed_after_the_timeout_and_counts_as_failed()
    {
        var settings = new FailoverSettings(Script("failover.sh", "sleep 60"), "", TimeSpan.FromMilliseconds(300));
        var (pool, failover) = Start(settings);

        pool.Send(failover, Request);

        Assert.False(pool.ExpectMsg<PoolProtocol.FailoverCompleted>(Reply).Success);
    }

    [Fact]
    public async Task Two_requests_never_run_two_scripts_at_once()
    {
        var log = _directory.Combine("log");
        var settings = new FailoverSettings(Script("failover.sh", $"echo start $1 >> {log}; sleep 0.3; echo end $1 >> {log}"), "", TimeSpan.FromSeconds(10));
        var (pool, failover) = Start(settings);

        pool.Send(failover, Request);
        pool.Send(failover, Request with { OldServer = Request.OldServer with { Host = "10.0.0.9" } });

        pool.ExpectMsg<PoolProtocol.FailoverCompleted>(Reply);
        pool.ExpectMsg<PoolProtocol.FailoverCompleted>(Reply);
        Assert.Equal(["start 10.0.0.1", "end 10.0.0.1", "start 10.0.0.9", "end 10.0.0.9"], File.ReadAllLines(log));
        Assert.Equal(2, await failover.Ask<int>(FailoverProtocol.GetScriptRuns.Instance, Reply));
    }
}
