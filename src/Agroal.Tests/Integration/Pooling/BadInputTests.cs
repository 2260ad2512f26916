using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using Agroal.Actors.Clients;
using Agroal.Tests.Integration.Fixtures;
using Npgsql;

namespace Agroal.Tests.Integration.Pooling;

/// <summary>Every bad input gets a clear error or a timeout, and everyone else keeps being served.</summary>
[Collection(PostgresCollection.Name)]
public sealed class BadInputTests(PostgresFixture fixture) : IAsyncLifetime
{
    private PoolerHarness? _pooler;

    private PoolerHarness Pooler => _pooler!;

    public async Task InitializeAsync() =>
        _pooler = await PoolerHarness.StartAsync(fixture.Server, PipelineKind.Session,
            s => s with { AuthenticationTimeout = TimeSpan.FromSeconds(1), MaxMessageSize = 1024 * 1024 });

    public async Task DisposeAsync() => await _pooler!.DisposeAsync();

    [Fact]
    public async Task Random_bytes_are_answered_with_08P01_and_closed()
    {
        var random = new Random(42);
        for (var i = 0; i < 20; i++)
        {
            var garbage = new byte[random.Next(8, 200)];
            random.NextBytes(garbage);
            // A plausible length keeps the packet from looking truncated.
            BinaryPrimitives.WriteInt32BigEndian(garbage, garbage.Length);
            var reply = await SendRawAsync(garbage);
            Assert.True(reply.Closed);
            if (reply.Bytes.Length > 0)
            {
                Assert.Equal((byte)'E', reply.Bytes[0]);
                Assert.Contains("08P01", Encoding.ASCII.GetString(reply.Bytes));
            }
        }
        await AssertOthersAreServedAsync();
    }

    [Fact]
    public async Task An_oversized_startup_packet_is_refused_with_08P01()
    {
        var packet = new byte[20_000];
        BinaryPrimitives.WriteInt32BigEndian(packet, packet.Length);
        BinaryPrimitives.WriteInt32BigEndian(packet.AsSpan(4), 196608);
        var reply = await SendRawAsync(packet.AsMemory(0, 8).ToArray());
        Assert.True(reply.Closed);
        Assert.Contains("08P01", Encoding.ASCII.GetString(reply.Bytes));
        await AssertOthersAreServedAsync();
    }

    [Fact]
    public async Task Protocol_version_two_is_refused_clearly()
    {
        var packet = new byte[8 + 64];
        BinaryPrimitives.WriteInt32BigEndian(packet, packet.Length);
        BinaryPrimitives.WriteInt32BigEndian(packet.AsSpan(4), 2 << 16);
        var reply = await SendRawAsync(packet);
        Assert.True(reply.Closed);
        Assert.Contains("protocol", Encoding.ASCII.GetString(reply.Bytes));
    }

    [Fact]
    public async Task A_truncated_startup_packet_times_out_and_is_closed()
    {
        var packet = new byte[6];
        BinaryPrimitives.WriteInt32BigEndian(packet, 100);
        var reply = await SendRawAsync(packet, readFor: TimeSpan.FromSeconds(10));
        Assert.True(reply.Closed);
        await AssertOthersAreServedAsync();
    }

    [Fact]
    public async Task A_huge_message_length_after_login_closes_that_client_with_08P01()
    {
        await using var connection = await Pooler.OpenAsync();
        var text = new string('x', 2 * 1024 * 1024);
        await using var command = new NpgsqlCommand("SELECT length($1)", connection);
        command.Parameters.AddWithValue(text);
        var error = await Assert.ThrowsAnyAsync<Exception>(() => command.ExecuteScalarAsync());
        var postgres = error as PostgresException ?? error.InnerException as PostgresException;
        if (postgres is not null)
        {
            Assert.Equal("08P01", postgres.SqlState);
        }
        await AssertOthersAreServedAsync();
    }

    [Fact]
    public async Task Two_hundred_silent_sockets_are_closed_after_the_authentication_timeout_while_others_work()
    {
        var sockets = new List<Socket>();
        try
        {
            for (var i = 0; i < 200; i++)
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync("127.0.0.1", Pooler.Port);
                sockets.Add(socket);
            }
            await AssertOthersAreServedAsync();
            var buffer = new byte[16];
            foreach (var socket in sockets)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                var read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
                Assert.Equal(0, read);
            }
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }
        }
    }

    private async Task AssertOthersAreServedAsync()
    {
        await using var connection = await Pooler.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT 7", connection);
        Assert.Equal(7, (int)(await command.ExecuteScalarAsync())!);
    }

    private async Task<(bool Closed, byte[] Bytes)> SendRawAsync(byte[] payload, TimeSpan? readFor = null)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", Pooler.Port);
        await socket.SendAsync(payload, SocketFlags.None);
        var received = new List<byte>();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(readFor ?? TimeSpan.FromSeconds(10));
        try
        {
            while (true)
            {
                var read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
                if (read == 0)
                {
                    return (true, received.ToArray());
                }
                received.AddRange(buffer.AsSpan(0, read).ToArray());
            }
        }
        catch (OperationCanceledException)
        {
            return (false, received.ToArray());
        }
        catch (SocketException)
        {
            return (true, received.ToArray());
        }
    }
}
