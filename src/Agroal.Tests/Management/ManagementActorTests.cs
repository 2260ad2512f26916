using Agroal.Actors.Runtime;
using Agroal.Tests.Runtime;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Agroal.Actors.Management;
using Agroal.Actors.Management.Client;
using Agroal.Actors.Management.Wire;
using Agroal.Actors.Pool;
using Agroal.Tests.Integration.Pooling;

namespace Agroal.Tests.Management;

public sealed class ManagementActorTests() : TestKit(ActorTestConfig.RealTime, "mgmt-actor")
{
    [Fact]
    public void Commands_run_one_at_a_time_in_arrival_order()
    {
        var pool = CreateTestProbe("pool");
        var client = CreateTestProbe("client");
        var management = Sys.ActorOf(ActorProps.Of(() => new ManagementActor(new ManagementSettings { Pool = pool.Ref }, TestLogging.Factory.CreateLogger("test"))), "management");

        client.Send(management, Execute(ManagementRequests.Flush(0, "first")));
        client.Send(management, Execute(ManagementRequests.Flush(0, "second")));

        Assert.Equal("first", pool.ExpectMsg<PoolProtocol.Flush>().Database);
        // Akka's ExpectNoMsg forgets the last sender, so the asker is kept for the reply.
        var firstAsker = pool.LastSender;
        pool.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        firstAsker.Tell(PoolProtocol.Done.Ok, pool.Ref);
        var first = client.ExpectMsg<ManagementProtocol.Completed>();
        Assert.Equal("second", pool.ExpectMsg<PoolProtocol.Flush>().Database);
        pool.Reply(PoolProtocol.Done.NotSupported("Flush"));
        var second = client.ExpectMsg<ManagementProtocol.Completed>();

        Assert.True(ManagementDocument.IsSuccess(first.Document, out _));
        Assert.False(ManagementDocument.IsSuccess(second.Document, out var error));
        Assert.Equal(ManagementErrorCode.FlushFailed, error);
    }

    [Fact]
    public void Pool_that_does_not_answer_gives_an_error_outcome_and_the_next_command_runs()
    {
        var pool = CreateTestProbe("silent-pool");
        var client = CreateTestProbe("client2");
        var settings = new ManagementSettings { Pool = pool.Ref, AskTimeout = TimeSpan.FromMilliseconds(200) };
        var management = Sys.ActorOf(ActorProps.Of(() => new ManagementActor(settings, TestLogging.Factory.CreateLogger("test"))), "management2");

        client.Send(management, Execute(ManagementRequests.Simple(ManagementCommandId.Status)));
        client.Send(management, Execute(ManagementRequests.Simple(ManagementCommandId.Ping)));

        var status = client.ExpectMsg<ManagementProtocol.Completed>();
        var ping = client.ExpectMsg<ManagementProtocol.Completed>();
        Assert.False(ManagementDocument.IsSuccess(status.Document, out var error));
        Assert.Equal(ManagementErrorCode.StatusFailed, error);
        Assert.True(ManagementDocument.IsSuccess(ping.Document, out _));
    }

    [Fact]
    public void Configuration_commands_without_configuration_answer_an_error()
    {
        var pool = CreateTestProbe("pool3");
        var client = CreateTestProbe("client3");
        var management = Sys.ActorOf(ActorProps.Of(() => new ManagementActor(new ManagementSettings { Pool = pool.Ref }, TestLogging.Factory.CreateLogger("test"))), "management3");

        client.Send(management, Execute(ManagementRequests.Simple(ManagementCommandId.ConfigGet)));

        var reply = client.ExpectMsg<ManagementProtocol.Completed>();
        Assert.False(ManagementDocument.IsSuccess(reply.Document, out var error));
        Assert.Equal(ManagementErrorCode.ConfigurationUnavailable, error);
    }

    private static ManagementProtocol.Execute Execute(System.Text.Json.Nodes.JsonObject document)
    {
        Assert.True(ManagementDocument.TryParseRequest(document.ToJsonString(), out var request, out _));
        return new ManagementProtocol.Execute(request);
    }

}
