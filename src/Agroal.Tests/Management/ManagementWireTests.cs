using System.Text;
using System.Text.Json.Nodes;
using Agroal.Actors.Management.Client;
using Agroal.Actors.Management.Wire;
using Agroal.Actors.Pool;
using Agroal.Actors.Security.Vault;
using Agroal.Tests.Integration.Fixtures;

namespace Agroal.Tests.Management;

/// <summary>pgagroal 2.1's wire: socket names, JSON its parser reads, compression and encryption, both ends of agroal.</summary>
public sealed class ManagementWireTests
{
    public static readonly PoolProtocol.Status NamedStatus = new(10, 2, 2, 0,
    [
        new PoolProtocol.SlotStatus(0, SlotState.InUse, "alice", "appdb", "primary", "it's café+1", 0, 0),
        new PoolProtocol.SlotStatus(1, SlotState.InUse, "bob", "appdb", "primary", "\"quoted\"\u0001", 0, 0),
    ]);

    public static TheoryData<ManagementCompression, ManagementEncryption> Combinations()
    {
        var data = new TheoryData<ManagementCompression, ManagementEncryption>();
        foreach (var compression in Enum.GetValues<ManagementCompression>())
        {
            foreach (var encryption in Enum.GetValues<ManagementEncryption>())
            {
                data.Add(compression, encryption);
            }
        }
        return data;
    }

    [Fact]
    public void Json_keeps_utf8_and_uses_only_the_escapes_pgagroal_reads()
    {
        var text = ManagementJson.Write(new JsonObject { ["AppName"] = "it's café+1 \"q\" \\ \n\t\r\u0001 😀" });

        Assert.Equal("{\"AppName\":\"it's café+1 \\\"q\\\" \\\\ \\n\\t\\r? 😀\"}", text);
        Assert.DoesNotContain("\\u", text, StringComparison.Ordinal);
        Assert.Equal("it's café+1 \"q\" \\ \n\t\r? 😀", JsonNode.Parse(text)!["AppName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Status_details_carries_names_with_quotes_and_accents_as_pgagroal_writes_them()
    {
        await using var bed = await ManagementTestBed.StartAsync(status: NamedStatus);

        var reply = await ManagementClient.SendAsync(bed.Local, ManagementRequests.Simple(ManagementCommandId.Details), TimeSpan.FromSeconds(10));

        Assert.Contains("\"AppName\":\"it's café+1\"", reply.Json, StringComparison.Ordinal);
        Assert.Contains("\"AppName\":\"\\\"quoted\\\"?\"", reply.Json, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", reply.Json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Switch_to_an_unknown_server_is_error_1300_with_a_readable_reason()
    {
        await using var bed = await ManagementTestBed.StartAsync(control: static m =>
            m is PoolProtocol.SwitchTo s ? new PoolProtocol.Done(false, $"unknown server \"{s.Server}\"") : PoolProtocol.Done.Ok);

        var reply = await ManagementClient.SendAsync(bed.Local, ManagementRequests.SwitchTo("nosuch"), TimeSpan.FromSeconds(10));

        Assert.False(ManagementDocument.IsSuccess(reply.Document!, out var error));
        Assert.Equal(ManagementErrorCode.SwitchToFailed, error);
        Assert.Contains("unknown server \\\"nosuch\\\"", reply.Json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Both_the_per_instance_and_the_2_0_socket_answer()
    {
        await using var bed = await ManagementTestBed.StartAsync();
        var directory = Path.GetDirectoryName(bed.SocketPath)!;

        var instance = await bed.SendAsync(ManagementRequests.Simple(ManagementCommandId.Ping), ManagementTarget.Local(Path.Combine(directory, ".s.pgagroal.2345")));
        var shared = await bed.SendAsync(ManagementRequests.Simple(ManagementCommandId.Ping), ManagementTarget.Local(Path.Combine(directory, ".s.pgagroal")));
        var fallback = await bed.SendAsync(ManagementRequests.Simple(ManagementCommandId.Ping),
            ManagementTarget.Local(Path.Combine(directory, ".s.pgagroal.9"), Path.Combine(directory, ".s.pgagroal")));

        Assert.EndsWith(".s.pgagroal.2345", bed.SocketPath, StringComparison.Ordinal);
        Assert.True(ManagementDocument.IsSuccess(instance, out _));
        Assert.True(ManagementDocument.IsSuccess(shared, out _));
        Assert.True(ManagementDocument.IsSuccess(fallback, out _));
    }

    [Fact]
    public async Task Ping_and_status_carry_the_2_1_servers_object_and_version()
    {
        await using var bed = await ManagementTestBed.StartAsync();

        var ping = await bed.SendAsync(ManagementRequests.Simple(ManagementCommandId.Ping));
        var status = await bed.SendAsync(ManagementRequests.Simple(ManagementCommandId.Status));

        Assert.Equal("2.1.0", ping["Response"]!["ServerVersion"]!.GetValue<string>());
        Assert.Equal(5432, ping["Response"]!["Servers"]!["primary"]!["Port"]!.GetValue<int>());
        var server = status["Response"]!["Servers"]!["primary"]!;
        Assert.Equal("primary", server["Server"]!.GetValue<string>());
        Assert.NotNull(server["Health"]);
        Assert.NotNull(server["MajorVersion"]);
        Assert.NotNull(server["SystemIdentifier"]);
    }

    [Fact]
    public async Task Status_says_graceful_shutdown_until_it_is_cancelled()
    {
        await using var bed = await ManagementTestBed.StartAsync(control: static _ => PoolProtocol.Done.Ok);

        await bed.SendAsync(ManagementRequests.Simple(ManagementCommandId.Gracefully));
        var during = await bed.SendAsync(ManagementRequests.Simple(ManagementCommandId.Status));
        await bed.SendAsync(ManagementRequests.Simple(ManagementCommandId.CancelShutdown));
        var after = await bed.SendAsync(ManagementRequests.Simple(ManagementCommandId.Status));

        Assert.Equal("Graceful shutdown", during["Response"]!["Status"]!.GetValue<string>());
        Assert.Equal("Running", after["Response"]!["Status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Timeout_of_a_graceful_shutdown_reaches_the_pool()
    {
        await using var bed = await ManagementTestBed.StartAsync(control: static _ => PoolProtocol.Done.Ok);
        var request = ManagementRequests.Simple(ManagementCommandId.Gracefully);
        ManagementDocument.RequestOf(request)["Timeout"] = 7L;

        await bed.SendAsync(request);

        Assert.Contains(bed.PoolMessages, m => m is PoolProtocol.BeginGracefulShutdown { Timeout: var t } && t == TimeSpan.FromSeconds(7));
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public async Task Every_compression_and_encryption_works_locally_and_remotely(ManagementCompression compression, ManagementEncryption encryption)
    {
        using var home = TempDirectory.Create("/tmp/agroal-mgmt-key");
        var keyPath = Path.Combine(home.Path, ".pgagroal", "master.key");
        Assert.True(MasterKey.Create(keyPath, "management-wire-test-passphrase", overwrite: false).Ok);
        Func<VaultResult<MasterKey>> key = () => MasterKey.Load(keyPath);
        await using var bed = await ManagementTestBed.StartAsync(status: NamedStatus, masterKey: key);

        foreach (var target in new[] { bed.Local, bed.Remote() })
        {
            var wired = target with { Compression = compression, Encryption = encryption, MasterKey = key };
            var reply = await ManagementClient.SendAsync(wired, ManagementRequests.Simple(ManagementCommandId.Details), TimeSpan.FromSeconds(30));

            Assert.True(reply.Received, reply.Error);
            Assert.True(ManagementDocument.IsSuccess(reply.Document!, out _));
            Assert.Equal("it's café+1", reply.Document!["Response"]!["Connections"]![0]!["AppName"]!.GetValue<string>());
            Assert.Equal((int)compression, reply.Document!["Header"]!["Compression"]!.GetValue<int>());
        }
    }

    [Fact]
    public void Lz4_never_compresses_past_what_pgagroal_can_inflate()
    {
        var repetitive = Encoding.UTF8.GetBytes(new string('a', 100_000));

        var block = PayloadCompressor.Compress(ManagementCompression.Lz4, repetitive);

        Assert.True(block.Length * PayloadCompressor.PgagroalLz4Expansion > repetitive.Length);
        Assert.True(PayloadCompressor.TryDecompress(ManagementCompression.Lz4, block, 1 << 20, out var back, out var error), error);
        Assert.Equal(repetitive, back);
    }

    [Fact]
    public async Task Encrypted_request_with_another_master_key_is_refused_and_nothing_runs()
    {
        using var home = TempDirectory.Create("/tmp/agroal-mgmt-key");
        var server = Path.Combine(home.Path, "server", "master.key");
        var client = Path.Combine(home.Path, "client", "master.key");
        Assert.True(MasterKey.Create(server, "the-server-side-passphrase", overwrite: false).Ok);
        Assert.True(MasterKey.Create(client, "the-client-side-passphrase", overwrite: false).Ok);
        await using var bed = await ManagementTestBed.StartAsync(masterKey: () => MasterKey.Load(server), control: static _ => PoolProtocol.Done.Ok);

        var reply = await ManagementClient.SendAsync(bed.Local with { Encryption = ManagementEncryption.Aes256Gcm, MasterKey = () => MasterKey.Load(client) },
            ManagementRequests.Flush(2, "*"), TimeSpan.FromSeconds(30));

        Assert.False(reply.Received);
        Assert.DoesNotContain(bed.PoolMessages, m => m is PoolProtocol.Flush);
    }
}
