using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Agroal.Tests.Cli;
using Agroal.Tests.Integration.Fixtures;

namespace Agroal.Tests.Cluster;

/// <summary>
/// Remoting over TLS between real agroal processes: two nodes holding the cluster's certificate form a cluster over
/// akka.ssl.tcp; a node without TLS and a node with another self-signed certificate never join it, and a bare TLS
/// client without the certificate cannot complete a handshake with a member's remoting port.
/// </summary>
[Collection(ClusterNodesCollection.Name)]
public sealed class RemotingTlsProcessTests : IAsyncLifetime
{
    private const string ClusterName = "agroal-tls";
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(90);

    private readonly TempDirectory _certificates = TempDirectory.Create("/tmp/agroal-cluster-tls");
    private readonly List<ClusterNodeProcess> _nodes = [];
    private PostgresServer? _postgres;

    public async Task InitializeAsync() => _postgres = await PostgresServer.StartAsync(new PostgresServerOptions());

    [Fact]
    public async Task Nodes_holding_the_cluster_certificate_form_a_cluster_and_nodes_without_it_never_join()
    {
        var cluster = ClusterCertificate.Create(_certificates.Path, "cluster");
        var stranger = ClusterCertificate.Create(_certificates.Path, "stranger");
        int[] ports = [FreePort.Get(), FreePort.Get()];
        var seeds = $"127.0.0.1:{ports[0]},127.0.0.1:{ports[1]}";
        var tlsHocon = ClusterNodesFixture.TestHocon + "\n" + cluster.Hocon(cluster.PemPath);
        var a = Add(ClusterNodeProcess.Create("a", _postgres!, ports[0], ClusterName, seeds, tlsHocon));
        var b = Add(ClusterNodeProcess.Create("b", _postgres!, ports[1], ClusterName, seeds, tlsHocon));
        await Task.WhenAll(a.StartAsync(), b.StartAsync());
        await ClusterNodesFixture.WaitForUpAsync([a, b], 2, Converge);
        AssertMembers(a, [a, b]);

        // A bare TLS client: without a client certificate, or with another self-signed one, the member ends the
        // handshake (it asks every client for a certificate and checks it against the trust list).
        Assert.False(await CompletesTlsSessionAsync(a.ClusterPort, clientCertificate: null));
        using (var strangerCertificate = X509CertificateLoader.LoadPkcs12FromFile(stranger.PfxPath, stranger.Password))
        {
            Assert.False(await CompletesTlsSessionAsync(a.ClusterPort, strangerCertificate));
        }
        await WaitForAsync(() => a.Output.Contains("cluster: remoting peer refused", StringComparison.Ordinal), a);

        // Same cluster name and seeds, no TLS: its akka.tcp handshake is not TLS, so the members drop it unread.
        var plain = Add(ClusterNodeProcess.Create("plain", _postgres!, FreePort.Get(), ClusterName, seeds, ClusterNodesFixture.TestHocon));
        // Same cluster name and seeds, TLS with a self-signed certificate of its own (which it trusts).
        var other = Add(ClusterNodeProcess.Create("other", _postgres!, FreePort.Get(), ClusterName, seeds,
            ClusterNodesFixture.TestHocon + "\n" + stranger.Hocon(stranger.PemPath)));
        var membersRefusedStrangerBefore = StrangerRefusals(a, b);
        await Task.WhenAll(plain.StartOutsideClusterAsync(), other.StartOutsideClusterAsync());

        // The plain node has tried the seeds and given up at least once. The other one refuses the members'
        // certificate, and Akka 1.5.75 shuts a node's actor system down when a handshake it started fails.
        await WaitForAsync(() => plain.Output.Contains("Couldn't join seed nodes", StringComparison.Ordinal), plain);
        await WaitForAsync(() => other.Output.Contains("TlsHandshakeFailureReason", StringComparison.Ordinal), other);
        // Someone refused a certificate: under TLS 1.3 the client finishes its side of the handshake before the
        // server checks the client's certificate, so either the other node refuses the member's certificate or a
        // member refuses the other node's first and the other node only sees the handshake fail.
        await WaitForAsync(() => other.Output.Contains("cluster: remoting peer refused", StringComparison.Ordinal)
            || StrangerRefusals(a, b) > membersRefusedStrangerBefore, other);

        AssertMembers(a, [a, b]);
        AssertMembers(b, [a, b]);
        Assert.Equal(2, await a.MembersAsync("up"));
        Assert.Equal(0, await a.MembersAsync("joining") + await a.MembersAsync("weaklyup"));
        Assert.Contains("agroal_cluster_self_up 0", await plain.ScrapeAsync(), StringComparison.Ordinal);
        try
        {
            Assert.Contains("agroal_cluster_self_up 0", await other.ScrapeAsync(), StringComparison.Ordinal);
        }
        catch (HttpRequestException) when (!other.IsRunning)
        {
            // It may exit after its actor system stops; a stopped node is not a member either.
        }
        Assert.True(a.IsRunning && b.IsRunning, "a refused stranger must not stop a member");
    }

    private ClusterNodeProcess Add(ClusterNodeProcess node)
    {
        _nodes.Add(node);
        return node;
    }

    /// <summary>agroal-cli cluster members -F json on <paramref name="member"/> lists exactly <paramref name="expected"/>, all Up, over akka.ssl.tcp.</summary>
    private static void AssertMembers(ClusterNodeProcess member, ClusterNodeProcess[] expected)
    {
        var json = new CliRun(home: null).Run("-c", member.ConfigFile, "-F", "json", "cluster", "members");
        Assert.True(json.ExitCode == 0, json.Error + json.Out);
        var response = JsonNode.Parse(json.Out)!["Response"]!;
        var addresses = response["Members"]!.AsArray().Select(m => $"{m!["Address"]!.GetValue<string>()} {m["Status"]!.GetValue<string>()}").Order().ToArray();
        var wanted = expected.Select(n => $"akka.ssl.tcp://{ClusterName}@127.0.0.1:{n.ClusterPort} Up").Order().ToArray();
        Assert.Equal(wanted, addresses);
    }

    /// <summary>
    /// Opens a TLS session to a remoting port, accepting any server certificate, and reads: a member that refuses the
    /// client ends the handshake or the connection; one that accepted it would wait for Akka's association frame.
    /// </summary>
    private static async Task<bool> CompletesTlsSessionAsync(int port, X509Certificate2? clientCertificate)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        await using var tls = new SslStream(client.GetStream(), leaveInnerStreamOpen: false, (_, _, _, _) => true);
        var options = new SslClientAuthenticationOptions { TargetHost = "127.0.0.1" };
        if (clientCertificate is not null)
        {
            options.ClientCertificates = new X509CertificateCollection { clientCertificate };
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await tls.AuthenticateAsClientAsync(options, timeout.Token);
            var buffer = new byte[16];
            return await tls.ReadAsync(buffer, timeout.Token) > 0;
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException)
        {
            return false;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }

    /// <summary>How many times the members have logged refusing a certificate issued to the stranger.</summary>
    private static int StrangerRefusals(params ClusterNodeProcess[] members)
    {
        var count = 0;
        foreach (var member in members)
        {
            foreach (var line in member.Output.Split('\n'))
            {
                if (line.Contains("cluster: remoting peer refused", StringComparison.Ordinal) && line.Contains("CN=agroal-stranger", StringComparison.Ordinal))
                {
                    count++;
                }
            }
        }
        return count;
    }

    private static async Task WaitForAsync(Func<bool> condition, ClusterNodeProcess node)
    {
        var deadline = DateTime.UtcNow + Converge;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"agroal {node.Name}: the expected line did not come within {Converge.TotalSeconds} s:\n{node.Output}");
            await Task.Delay(250);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
        _certificates.Dispose();
    }
}
