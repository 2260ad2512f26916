using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Sockets;
using Agroal.Actors.Clients;
using Agroal.Actors.Protocol;
using Agroal.Tests.Integration.Metrics;
using Agroal.Tests.Integration.Transaction;
using Npgsql;

namespace Agroal.Tests.Cluster;

/// <summary>
/// Three real agroal processes: each is given a distinct node id carried in its cancel keys, and a CancelRequest sent
/// to one node with a key another node issued is forwarded over remoting and cancels that node's query.
/// </summary>
[Collection(ClusterNodesCollection.Name)]
public sealed class ClusterCancelProcessTests(ClusterNodesFixture fixture)
{
    private const int CancelRequestCode = 80877102;

    [Fact]
    public async Task A_pg_sleep_through_node_a_is_cancelled_by_a_cancel_request_sent_to_node_b()
    {
        await fixture.EnsureThreeUpAsync();
        var ids = await WaitForCancelRoutesAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(3, ids.Distinct().Count());
        var (a, b) = (fixture.Nodes[0], fixture.Nodes[1]);
        var forwardedBefore = Exposition.Value(await b.ScrapeAsync(), "agroal_cluster_cancels_forwarded_total") ?? 0;

        await using var client = await RawProtocolClient.ConnectAsync(a.Port, fixture.Postgres.User, fixture.Postgres.Database);
        Assert.Equal(ids[0], CancelKeyRegistry.NodeIndexOf(client.ProcessId));
        const string sleep = "SELECT pg_sleep(120) /* cluster-cancel */";
        await client.Query(sleep).FlushAsync();
        await WaitUntilRunningAsync(sleep, TimeSpan.FromSeconds(30));

        var sent = Stopwatch.StartNew();
        await SendCancelAsync(b.Port, client.ProcessId, client.SecretKey);
        // No cancel: pg_sleep(120) outlasts the raw client's 60 s read timeout and the read throws.
        var replies = await client.ReadUntilReadyAsync();
        Assert.Equal("57014", replies.SqlState());
        Assert.True(sent.Elapsed < TimeSpan.FromSeconds(50), $"the cancel took {sent.Elapsed}");
        Assert.True((Exposition.Value(await b.ScrapeAsync(), "agroal_cluster_cancels_forwarded_total") ?? 0) > forwardedBefore);

        // The session goes on serving after the cancel.
        var after = await client.Query("SELECT 1").RoundTripAsync();
        Assert.Equal("1", after.FirstRow()[0]);
    }

    [Fact]
    public async Task A_cancel_request_with_a_key_no_node_issued_is_dropped_and_the_node_keeps_serving()
    {
        await fixture.EnsureThreeUpAsync();
        await WaitForCancelRoutesAsync(TimeSpan.FromSeconds(60));
        // Node id 127 is held by no member of a three-node cluster; the key is dropped as PostgreSQL drops unknown keys.
        await SendCancelAsync(fixture.Nodes[1].Port, (127 << 24) | 5, 42);
        await using var connection = await fixture.Nodes[1].OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 7";
        Assert.Equal(7, Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Waits until every node was given an id and knows the other two; returns the ids by node.</summary>
    private async Task<int[]> WaitForCancelRoutesAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var ids = new int[fixture.Nodes.Count];
            var ready = true;
            for (var i = 0; i < ids.Length; i++)
            {
                var body = await fixture.Nodes[i].ScrapeAsync();
                ids[i] = (int)(Exposition.Value(body, "agroal_cluster_node_id") ?? 0);
                ready &= ids[i] > 0 && (Exposition.Value(body, "agroal_cluster_cancel_routes") ?? 0) == ids.Length - 1;
            }
            if (ready)
            {
                return ids;
            }
            Assert.True(DateTime.UtcNow < deadline, $"node ids not given and routed within {timeout.TotalSeconds} s: {string.Join(",", ids)}\n" +
                string.Join("\n----\n", fixture.Nodes.Select(n => $"{n.Name}:\n{n.Output}")));
            await Task.Delay(200);
        }
    }

    private async Task WaitUntilRunningAsync(string sql, TimeSpan timeout)
    {
        await using var direct = new NpgsqlConnection(fixture.Postgres.SuperuserConnectionString());
        await direct.OpenAsync();
        await using var command = direct.CreateCommand();
        command.CommandText = "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query = @q";
        command.Parameters.AddWithValue("q", sql);
        var deadline = DateTime.UtcNow + timeout;
        while (Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the query never started on the backend");
            await Task.Delay(100);
        }
    }

    /// <summary>A CancelRequest as a client sends it: its own connection, 16 bytes, no reply.</summary>
    private static async Task SendCancelAsync(int port, int processId, int secretKey)
    {
        using var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync("127.0.0.1", port);
        var packet = new byte[16];
        BinaryPrimitives.WriteInt32BigEndian(packet, 16);
        BinaryPrimitives.WriteInt32BigEndian(packet.AsSpan(4), CancelRequestCode);
        BinaryPrimitives.WriteInt32BigEndian(packet.AsSpan(8), processId);
        BinaryPrimitives.WriteInt32BigEndian(packet.AsSpan(12), secretKey);
        await tcp.GetStream().WriteAsync(packet);
        // The pooler closes the connection once it has handled the request.
        var buffer = new byte[1];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        _ = await tcp.GetStream().ReadAsync(buffer, timeout.Token);
    }
}
