using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Agroal.Actors.Management.Client;
using Agroal.Actors.Management.Wire;
using Agroal.Actors.Pool;

namespace Agroal.Tests.Management;

public sealed class ManagementEndpointTests
{
    [Fact]
    public async Task Local_socket_is_owner_only_and_answers_ping()
    {
        await using var bed = await ManagementTestBed.StartAsync();

        var mode = Agroal.Tests.Security.Vault.UnixMode.Get(bed.SocketPath);
        var reply = await bed.SendAsync(ManagementRequests.Simple(ManagementCommandId.Ping));

        Assert.Equal("0600", mode);
        Assert.True(ManagementDocument.IsSuccess(reply, out _));
        Assert.Equal(ManagementDocument.ProtocolVersion, reply["Response"]!["ServerVersion"]!.GetValue<string>());
        Assert.Matches(@"^\d\d:\d\d:\d\d$", reply["Outcome"]!["Time"]!.GetValue<string>());
    }

    [Fact]
    public async Task Status_reports_pool_totals_and_configured_servers()
    {
        await using var bed = await ManagementTestBed.StartAsync();

        var reply = await bed.SendAsync(ManagementRequests.Simple(ManagementCommandId.Status));
        var response = reply["Response"]!.AsObject();

        Assert.Equal("Running", response["Status"]!.GetValue<string>());
        Assert.Equal(1, response["ActiveConnections"]!.GetValue<int>());
        Assert.Equal(2, response["TotalConnections"]!.GetValue<int>());
        Assert.Equal(10, response["MaxConnections"]!.GetValue<int>());
        Assert.Equal(1, response["NumberOfServers"]!.GetValue<int>());
        var server = response["Servers"]!["primary"]!;
        Assert.Equal("primary", server["Server"]!.GetValue<string>());
        Assert.Equal(5432, server["Port"]!.GetValue<int>());
        Assert.Equal("Primary", server["State"]!.GetValue<string>());
        Assert.Null(response["Connections"]);
    }

    [Fact]
    public async Task Status_details_lists_every_slot_with_state_user_database_and_application()
    {
        await using var bed = await ManagementTestBed.StartAsync();

        var reply = await bed.SendAsync(ManagementRequests.Simple(ManagementCommandId.Details));
        var response = reply["Response"]!.AsObject();
        var slots = response["Connections"]!.AsArray();

        Assert.Equal(2, slots.Count);
        Assert.Equal("Active", slots[0]!["State"]!.GetValue<string>());
        Assert.Equal("alice", slots[0]!["Username"]!.GetValue<string>());
        Assert.Equal("appdb", slots[0]!["Database"]!.GetValue<string>());
        Assert.Equal("billing", slots[0]!["AppName"]!.GetValue<string>());
        Assert.Equal("Free", slots[1]!["State"]!.GetValue<string>());
        var limit = response["Limits"]![0]!;
        Assert.Equal("appdb", limit["Database"]!.GetValue<string>());
        Assert.Equal(1, limit["ActiveConnections"]!.GetValue<int>());
        Assert.Equal(5, limit["MaxConnections"]!.GetValue<int>());
        Assert.True(response["Databases"]![0]!["Enabled"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Flush_sends_mode_and_database_to_the_pool_and_reports_not_supported_as_error_200()
    {
        await using var bed = await ManagementTestBed.StartAsync();

        var reply = await bed.SendAsync(ManagementRequests.Flush(0, "appdb"));

        Assert.False(ManagementDocument.IsSuccess(reply, out var error));
        Assert.Equal(ManagementErrorCode.FlushFailed, error);
        Assert.Contains("not supported", reply["Outcome"]!["Message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(new PoolProtocol.Flush(FlushMode.Idle, "appdb"), bed.PoolMessages);
    }

    [Fact]
    public async Task Flush_of_all_databases_sends_no_database_and_succeeds_when_the_pool_does()
    {
        await using var bed = await ManagementTestBed.StartAsync(control: _ => PoolProtocol.Done.Ok);

        var star = await bed.SendAsync(ManagementRequests.Flush(2, "*"));
        var all = await bed.SendAsync(ManagementRequests.Flush(1, "all"));

        Assert.True(ManagementDocument.IsSuccess(star, out _));
        Assert.True(ManagementDocument.IsSuccess(all, out _));
        Assert.Contains(new PoolProtocol.Flush(FlushMode.All, null), bed.PoolMessages);
        Assert.Contains(new PoolProtocol.Flush(FlushMode.Gracefully, null), bed.PoolMessages);
    }

    [Fact]
    public async Task Disable_then_status_details_lists_the_disabled_database_and_enable_clears_it()
    {
        await using var bed = await ManagementTestBed.StartAsync(control: _ => PoolProtocol.Done.Ok);

        var disabled = await bed.SendAsync(ManagementRequests.Disable("appdb"));
        var details = await bed.SendAsync(ManagementRequests.Simple(ManagementCommandId.Details));
        await bed.SendAsync(ManagementRequests.Enable("appdb"));
        var after = await bed.SendAsync(ManagementRequests.Simple(ManagementCommandId.Details));

        Assert.False(disabled["Response"]!["Databases"]![0]!["Enabled"]!.GetValue<bool>());
        var listed = details["Response"]!["Databases"]![0]!;
        Assert.Equal("appdb", listed["Database"]!.GetValue<string>());
        Assert.False(listed["Enabled"]!.GetValue<bool>());
        Assert.Equal("*", after["Response"]!["Databases"]![0]!["Database"]!.GetValue<string>());
        Assert.Contains(new PoolProtocol.DisableDatabase("appdb"), bed.PoolMessages);
    }

    [Theory]
    [InlineData(ManagementCommandId.EnableDatabase, ManagementErrorCode.OperationFailed)]
    [InlineData(ManagementCommandId.Gracefully, ManagementErrorCode.OperationFailed)]
    [InlineData(ManagementCommandId.CancelShutdown, ManagementErrorCode.OperationFailed)]
    [InlineData(ManagementCommandId.SwitchTo, ManagementErrorCode.SwitchToFailed)]
    [InlineData(ManagementCommandId.ClearServer, ManagementErrorCode.OperationFailed)]
    public async Task Pool_operations_the_pool_does_not_support_yet_answer_an_error_outcome(ManagementCommandId command, int expected)
    {
        await using var bed = await ManagementTestBed.StartAsync();
        var request = ManagementRequests.Simple(command);
        ManagementDocument.RequestOf(request)["Database"] = "appdb";
        ManagementDocument.RequestOf(request)["Server"] = "primary";

        var reply = await bed.SendAsync(request);

        Assert.False(ManagementDocument.IsSuccess(reply, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public async Task Shutdown_immediate_answers_first_then_stops_the_process()
    {
        await using var bed = await ManagementTestBed.StartAsync();

        var reply = await bed.SendAsync(ManagementRequests.Simple(ManagementCommandId.Shutdown));

        Assert.True(ManagementDocument.IsSuccess(reply, out _));
        // The stop is requested after the answer is on its way, so it may land a moment later.
        await Agroal.Tests.Integration.Pooling.Eventually.TrueAsync(() => Task.FromResult(Volatile.Read(ref bed.ShutdownRequests) == 1), "shutdown requested");
    }

    [Fact]
    public async Task Clear_prometheus_without_metrics_answers_error_100_and_with_metrics_clears_them()
    {
        await using var without = await ManagementTestBed.StartAsync();
        await using var with = await ManagementTestBed.StartAsync(withMetrics: true);

        var absent = await without.SendAsync(ManagementRequests.Simple(ManagementCommandId.ClearPrometheus));
        var present = await with.SendAsync(ManagementRequests.Simple(ManagementCommandId.ClearPrometheus));

        Assert.False(ManagementDocument.IsSuccess(absent, out var error));
        Assert.Equal(ManagementErrorCode.MetricsUnavailable, error);
        Assert.True(ManagementDocument.IsSuccess(present, out _));
        Assert.Equal(1, with.Metrics!.Clears);
    }

    [Fact]
    public async Task Unknown_command_gets_error_2_and_the_endpoint_keeps_serving()
    {
        await using var bed = await ManagementTestBed.StartAsync();
        var request = ManagementRequests.Simple(ManagementCommandId.Ping);
        request["Header"]!["Command"] = 999;

        var reply = await bed.SendAsync(request);
        var ping = await bed.SendAsync(ManagementRequests.Simple(ManagementCommandId.Ping));

        Assert.False(ManagementDocument.IsSuccess(reply, out var error));
        Assert.Equal(ManagementErrorCode.UnknownCommand, error);
        Assert.True(ManagementDocument.IsSuccess(ping, out _));
    }

    [Theory]
    [InlineData("this is not json")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"Request\":{}}")]
    [InlineData("{\"Header\":{\"Command\":\"status\"}}")]
    public async Task Request_that_is_not_a_management_document_gets_error_1_and_the_endpoint_keeps_serving(string payload)
    {
        await using var bed = await ManagementTestBed.StartAsync();

        var reply = await SendRawAsync(bed.SocketPath, 0, 0, Encoding.UTF8.GetBytes(payload));
        var ping = await bed.SendAsync(ManagementRequests.Simple(ManagementCommandId.Ping));

        Assert.False(ManagementDocument.IsSuccess(reply, out var error));
        Assert.Equal(ManagementErrorCode.BadPayload, error);
        Assert.True(ManagementDocument.IsSuccess(ping, out _));
    }

    [Fact]
    public async Task Request_longer_than_the_limit_is_refused_unread()
    {
        await using var bed = await ManagementTestBed.StartAsync();

        var reply = await SendRawAsync(bed.SocketPath, 0, 0, new byte[100 * 1024]);
        var ping = await bed.SendAsync(ManagementRequests.Simple(ManagementCommandId.Ping));

        Assert.False(ManagementDocument.IsSuccess(reply, out var error));
        Assert.Equal(ManagementErrorCode.BadPayload, error);
        Assert.Contains("limit", reply["Outcome"]!["Message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(ManagementDocument.IsSuccess(ping, out _));
    }

    [Fact]
    public async Task Encrypted_request_without_a_master_key_is_answered_in_plain_with_the_reason()
    {
        await using var bed = await ManagementTestBed.StartAsync();

        var reply = await SendRawAsync(bed.SocketPath, 1, 1, Encoding.UTF8.GetBytes("H4sIAAAAAAAA"));

        Assert.False(ManagementDocument.IsSuccess(reply, out var error));
        Assert.Equal(ManagementErrorCode.BadPayload, error);
        Assert.Contains("master key", reply["Outcome"]!["Message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Corrupt_compressed_request_is_a_bad_payload_and_the_endpoint_carries_on()
    {
        await using var bed = await ManagementTestBed.StartAsync();

        var reply = await SendRawAsync(bed.SocketPath, 3, 0, Encoding.UTF8.GetBytes(Convert.ToBase64String([0xF0, 1, 2])));
        var ping = await bed.SendAsync(ManagementRequests.Simple(ManagementCommandId.Ping));

        Assert.False(ManagementDocument.IsSuccess(reply, out var error));
        Assert.Equal(ManagementErrorCode.BadPayload, error);
        Assert.True(ManagementDocument.IsSuccess(ping, out _));
    }

    [Fact]
    public async Task Peer_that_closes_mid_frame_does_not_stop_the_endpoint()
    {
        await using var bed = await ManagementTestBed.StartAsync();
        using (var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(bed.SocketPath));
            await socket.SendAsync(new byte[] { 0, 0, 0, 0, 1 });
        }

        var ping = await bed.SendAsync(ManagementRequests.Simple(ManagementCommandId.Ping));

        Assert.True(ManagementDocument.IsSuccess(ping, out _));
    }

    [Fact]
    public async Task Remote_admin_with_the_right_password_runs_commands()
    {
        await using var bed = await ManagementTestBed.StartAsync();

        var reply = await bed.SendAsync(ManagementRequests.Simple(ManagementCommandId.Status), bed.Remote());

        Assert.True(ManagementDocument.IsSuccess(reply, out _));
        Assert.Equal("Running", reply["Response"]!["Status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Remote_login_with_a_wrong_password_is_refused_with_28P01_and_runs_nothing()
    {
        await using var bed = await ManagementTestBed.StartAsync(control: _ => PoolProtocol.Done.Ok);

        var reply = await ManagementClient.SendAsync(bed.Remote(password: "wrong"), ManagementRequests.Flush(2, "*"), TimeSpan.FromSeconds(10));

        Assert.Equal(ManagementFailure.Authentication, reply.Failure);
        Assert.Contains("28P01", reply.Error, StringComparison.Ordinal);
        Assert.Contains("password authentication failed for user \"admin\"", reply.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(bed.PoolMessages, m => m is PoolProtocol.Flush);
    }

    [Fact]
    public async Task Remote_login_of_an_unknown_admin_is_refused_like_a_wrong_password()
    {
        await using var bed = await ManagementTestBed.StartAsync();

        var reply = await ManagementClient.SendAsync(bed.Remote(user: "mallory", password: ManagementTestBed.AdminPassword),
            ManagementRequests.Simple(ManagementCommandId.Ping), TimeSpan.FromSeconds(10));

        Assert.Equal(ManagementFailure.Authentication, reply.Failure);
        Assert.Contains("28P01", reply.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Remote_login_without_an_hba_line_for_database_admin_is_refused_with_28000()
    {
        await using var bed = await ManagementTestBed.StartAsync(hba: "host appdb all 127.0.0.1/32 scram-sha-256\n");

        var reply = await ManagementClient.SendAsync(bed.Remote(), ManagementRequests.Simple(ManagementCommandId.Ping), TimeSpan.FromSeconds(10));

        Assert.Equal(ManagementFailure.Authentication, reply.Failure);
        Assert.Contains("28000", reply.Error, StringComparison.Ordinal);
        Assert.Contains("no pgagroal_hba.conf entry", reply.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_reports_a_connection_failure_when_nothing_listens()
    {
        var reply = await ManagementClient.SendAsync(ManagementTarget.Local("/tmp/agroal-no-such-dir/.s.pgagroal"),
            ManagementRequests.Simple(ManagementCommandId.Ping), TimeSpan.FromSeconds(5));

        Assert.Equal(ManagementFailure.Connection, reply.Failure);
    }

    private static async Task<JsonObject> SendRawAsync(string socketPath, byte compression, byte encryption, byte[] payload)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath));
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        var header = new byte[6];
        header[0] = compression;
        header[1] = encryption;
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(2), (uint)payload.Length);
        await stream.WriteAsync(header);
        try
        {
            await stream.WriteAsync(payload);
        }
        catch (IOException)
        {
            // The endpoint may answer and close before reading an over-long payload.
        }
        var frame = await ManagementFrame.ReadAsync(stream, int.MaxValue, CancellationToken.None);
        Assert.Equal(FrameReadStatus.Ok, frame.Status);
        Assert.True(PayloadCodec.TryDecode(frame, null, 1024 * 1024, out var json, out var error), error);
        Assert.True(ManagementDocument.TryParseResponse(json, out var document));
        return document;
    }
}
