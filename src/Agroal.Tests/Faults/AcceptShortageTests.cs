using Agroal.Actors.Protocol;
using Agroal.Tests.Integration.Pooling;

namespace Agroal.Tests.Faults;

/// <summary>
/// The real <c>agroal</c> out of descriptors (EMFILE) while clients connect: the ones it cannot accept wait in the
/// listen backlog, and an edge-triggered listener gets no new edge for them, so the pooler must look again by itself.
/// Once descriptors are back every waiting client logs in, with no other client connecting to wake the listener, and
/// the clients already in are served throughout.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class AcceptShortageTests(FaultPostgresFixture fixture)
{
    private const int Waiting = 4;

    [Fact]
    public async Task Clients_left_in_the_backlog_by_a_descriptor_shortage_are_accepted_once_descriptors_are_back()
    {
        await using var pooler = await PoolerProcess.StartAsync(fixture.Server, "transaction", maxConnections: 2);
        var postgres = fixture.Server;
        await using var working = await WireClient.LoginAsync(pooler.Port, postgres.User, postgres.Database);
        Assert.Equal(BackendTag.ReadyForQuery, (await QueryAsync(working))[^1].Tag);

        // No descriptor left for a new socket: accept4 fails with EMFILE and the clients stay in the backlog.
        var limit = DescriptorLimit.Read(pooler.ProcessId).Soft;
        Assert.True(await DescriptorLimit.SetSoftAsync(pooler.ProcessId, pooler.OpenDescriptors()), "prlimit could not lower agroal's limit");
        var waiting = new List<WireClient>();
        var logins = new List<Task<List<(byte Tag, byte[] Body)>?>>();
        try
        {
            for (var i = 0; i < Waiting; i++)
            {
                var client = await WireClient.OpenAsync(pooler.Port);
                waiting.Add(client);
                await client.SendAsync(WireClient.Startup(postgres.User, postgres.Database));
                logins.Add(client.ReadUntilReadyAsync(TimeSpan.FromSeconds(30)));
            }
            await Eventually.TrueAsync(() => Task.FromResult(pooler.Output.Contains("epoll: cannot accept now", StringComparison.Ordinal)),
                "agroal's accept ran out of descriptors", 20);
            // The clients already in keep being served meanwhile.
            Assert.Equal(BackendTag.ReadyForQuery, (await QueryAsync(working))[^1].Tag);

            Assert.True(await DescriptorLimit.SetSoftAsync(pooler.ProcessId, limit), "prlimit could not restore agroal's limit");
            foreach (var login in logins)
            {
                var messages = await login;
                Assert.True(messages is not null && messages[^1].Tag == BackendTag.ReadyForQuery, "a waiting client's login failed: " + WireClient.Describe(messages));
            }
            foreach (var client in waiting)
            {
                Assert.Equal(BackendTag.ReadyForQuery, (await QueryAsync(client))[^1].Tag);
            }
        }
        finally
        {
            await DescriptorLimit.SetSoftAsync(pooler.ProcessId, limit);
            foreach (var client in waiting)
            {
                await client.DisposeAsync();
            }
        }
    }

    private static async Task<List<(byte Tag, byte[] Body)>> QueryAsync(WireClient client)
    {
        await client.SendAsync(WireClient.Query("SELECT 1"));
        return await client.ReadUntilReadyAsync(TimeSpan.FromSeconds(30)) ?? throw new InvalidOperationException("no answer to SELECT 1");
    }
}
