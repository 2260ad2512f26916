using System.Collections.Concurrent;
using Agroal.Actors.Clients;
using Agroal.Actors.Configuration;
using Agroal.Actors.Protocol;
using Agroal.Tests.Integration.Fixtures;
using Agroal.Tests.Integration.Pooling;
using Xunit.Abstractions;

namespace Agroal.Tests.Faults;

/// <summary>
/// Replays client sessions with random mutations (flipped bytes, cut and duplicated messages, wrong lengths, unknown
/// types): two in three are real sessions of psql, pgbench (-M simple, extended, prepared) and Npgsql recorded through
/// a proxy at the start of the run, one in three are built here in the same clients' shapes. Each ends with a query
/// carrying its own marker. Thousands per run, over all three pipelines; the seed is printed so a failure can be
/// replayed (FAULTS_SEED). The pooler must answer or close each one, never cross answers, and keep serving.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class ProtocolFuzzTests(FaultPostgresFixture fixture, ITestOutputHelper output)
{
    private const int MaxConnections = 6;

    private PostgresServer Postgres => fixture.Server;

    [Fact]
    public async Task Mutated_real_client_sessions_never_crash_hang_or_cross_talk()
    {
        var seed = FaultSettings.Seed;
        output.WriteLine($"fuzzer seed={seed} sessions={FaultSettings.FuzzSessions} (replay with FAULTS_SEED={seed})");
        await Postgres.ExecuteScalarAsync($"CREATE TABLE IF NOT EXISTS fault_copy(v text); GRANT ALL ON fault_copy TO {Postgres.User}", Postgres.Database);
        var recorded = await RecordedSessions.RecordAsync(Postgres);
        output.WriteLine("recorded sessions: " + string.Join(", ", recorded.Select(r => $"{r.Client} ({r.Messages.Count} messages: {string.Concat(r.Messages.Select(m => (char)m[0]))})")));
        var poolers = new List<(PoolerHarness Pooler, PipelineKind Pipeline)>();
        try
        {
            foreach (var pipeline in new[] { PipelineKind.Performance, PipelineKind.Session, PipelineKind.Transaction })
            {
                poolers.Add((await PoolerHarness.StartAsync(Postgres, pipeline, s => s with
                {
                    MaxConnections = MaxConnections, Method = HbaMethod.Trust, BlockingTimeout = TimeSpan.FromSeconds(30),
                    AuthenticationTimeout = TimeSpan.FromSeconds(5), MaxMessageSize = 1024 * 1024,
                }), pipeline));
            }
            var markers = new ConcurrentDictionary<string, int>();
            var crossTalk = new ConcurrentQueue<string>();
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, 12).Select(async _ =>
            {
                int session;
                while ((session = Interlocked.Increment(ref next)) < FaultSettings.FuzzSessions)
                {
                    var (pooler, _) = poolers[session % poolers.Count];
                    await RunSessionAsync(pooler, seed, session, recorded, markers, crossTalk);
                }
            }));
            Assert.True(crossTalk.IsEmpty, $"seed={seed}: cross-talk: {string.Join(" | ", crossTalk.Take(3))}");
            foreach (var (pooler, pipeline) in poolers)
            {
                await new PoolerInvariants(pooler, pipeline, MaxConnections).CheckAllAsync($"seed={seed} {pipeline}: after fuzzing");
            }
        }
        finally
        {
            foreach (var (pooler, _) in poolers)
            {
                await pooler.DisposeAsync();
            }
        }
    }

    private async Task RunSessionAsync(PoolerHarness pooler, int seed, int session, List<(string Client, List<byte[]> Messages)> recorded,
        ConcurrentDictionary<string, int> markers, ConcurrentQueue<string> crossTalk)
    {
        var random = new Random(HashCode.Combine(seed, session));
        var marker = "fz" + random.NextInt64().ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
        markers[marker] = session;
        List<byte[]> messages;
        string mutation;
        if (session % 3 == 0)
        {
            messages = Synthetic(random.Next(4), marker);
            mutation = "synthetic: " + Mutate(random, messages);
        }
        else
        {
            var (recordedBy, original) = recorded[random.Next(recorded.Count)];
            messages = original.ConvertAll(m => (byte[])m.Clone());
            var mutations = new List<string>();
            for (var n = random.Next(1, 4); n > 0; n--)
            {
                mutations.Add(Mutate(random, messages));
            }
            messages.Add(WireClient.Query($"SELECT '{marker}'"));
            mutation = recordedBy + ": " + string.Join("; ", mutations);
        }
        byte[] stream = [.. messages.SelectMany(m => m), .. WireClient.Terminate()];
        WireClient client;
        try
        {
            client = await WireClient.LoginAsync(pooler.Port, Postgres.User, Postgres.Database, applicationName: "fuzz");
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.Net.Sockets.SocketException)
        {
            crossTalk.Enqueue($"session {session}: login failed ({ex.Message})");
            return;
        }
        await using (client)
        {
            try
            {
                await client.SendAsync(stream);
            }
            catch (System.Net.Sockets.SocketException)
            {
                return;
            }
            // Reads until the pooler closes, or goes quiet (a cut message waits for bytes that never come).
            while (await client.ReadMessageAsync(TimeSpan.FromMilliseconds(400)) is { } reply)
            {
                if (reply.Tag != BackendTag.DataRow)
                {
                    continue;
                }
                var text = System.Text.Encoding.UTF8.GetString(reply.Body);
                var at = text.IndexOf("fz", StringComparison.Ordinal);
                if (at >= 0 && text.Length >= at + 18)
                {
                    var seen = text.Substring(at, 18);
                    if (seen != marker && markers.TryGetValue(seen, out var other) && other != session)
                    {
                        crossTalk.Enqueue($"session {session} ({mutation}) received session {other}'s answer");
                    }
                }
            }
            client.Abort();
        }
    }

    /// <summary>Message sequences in the shape real clients send for a short piece of work (their startup excluded).</summary>
    private static List<byte[]> Synthetic(int shape, string marker) => shape switch
    {
        // psql: simple queries, one of them a transaction.
        0 => [WireClient.Query($"SELECT '{marker}'"), WireClient.Query($"BEGIN; SELECT '{marker}' AS again; COMMIT")],
        // pgbench -M simple.
        1 => [WireClient.Query("BEGIN;"), WireClient.Query($"SELECT '{marker}';"), WireClient.Query("END;")],
        // Npgsql / pgbench -M extended: an unnamed and a named statement, each batch ended by Sync.
        2 => [WireClient.Parse("", $"SELECT '{marker}'"), WireClient.Bind("", ""), WireClient.Describe((byte)'P', ""), WireClient.Execute(), WireClient.Sync(),
              WireClient.Parse("fz_s", $"SELECT '{marker}'"), WireClient.Sync(), WireClient.Bind("", "fz_s"), WireClient.Execute(), WireClient.Sync()],
        // COPY FROM STDIN then a query.
        _ => [WireClient.Query("COPY fault_copy FROM STDIN"), WireClient.CopyData("fuzz\n"), WireClient.Message(FrontendTag.CopyDone, []),
              WireClient.Query($"SELECT '{marker}'")],
    };

    private static string Mutate(Random random, List<byte[]> messages)
    {
        if (messages.Count == 0)
        {
            return "none (all cut)";
        }
        var index = random.Next(messages.Count);
        var message = messages[index];
        if (message.Length < 5)
        {
            // What an earlier cut left: too short to carry a type and a length.
            messages.Insert(index, (byte[])message.Clone());
            return $"duplicate cut message {index}";
        }
        switch (random.Next(6))
        {
            case 0:
                var at = random.Next(message.Length);
                message[at] ^= (byte)(1 << random.Next(8));
                return $"flip byte {at} of message {index}";
            case 1:
                messages[index] = message[..random.Next(message.Length)];
                messages.RemoveRange(index + 1, messages.Count - index - 1);
                return $"cut message {index}";
            case 2:
                messages.Insert(index, (byte[])message.Clone());
                return $"duplicate message {index}";
            case 3:
                var length = random.Next(3) switch { 0 => random.Next(0, 4), 1 => random.Next(), _ => message.Length - 1 + random.Next(-3, 50) };
                System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(1), length);
                return $"length {length} on message {index}";
            case 4:
                message[0] = (byte)random.Next(256);
                return $"type {message[0]} on message {index}";
            default:
                return "none";
        }
    }
}
