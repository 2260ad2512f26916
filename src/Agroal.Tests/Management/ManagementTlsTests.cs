using System.Buffers.Binary;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Agroal.Actors.Security.Tls;
using Agroal.Tests.Integration.Fixtures;
using Agroal.Tests.Security.Tls;

namespace Agroal.Tests.Management;

/// <summary>With tls = on, the remote management port offers the pooler's certificate before the admin logs in.</summary>
public sealed class ManagementTlsTests
{
    [Fact]
    public async Task The_remote_port_answers_SSLRequest_with_S_and_the_admin_login_continues_over_TLS()
    {
        using var directory = TempDirectory.Create("/tmp/agroal-mgmt-tls");
        var authority = TestCertificateAuthority.Create(directory.Path);
        var server = authority.IssueServer("pooler");
        Assert.True(ClientTlsContext.TryLoad(new TlsFiles(server.CertificateFile, server.KeyFile, ""), out var tls, out var error), error);
        await using var bed = await ManagementTestBed.StartAsync(tls: tls!.AuthenticateAsync);

        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", bed.RemotePort);
        await using var network = new NetworkStream(socket, ownsSocket: false);
        var sslRequest = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(sslRequest, 8);
        BinaryPrimitives.WriteInt32BigEndian(sslRequest.AsSpan(4), 80877103);
        await network.WriteAsync(sslRequest);
        var answer = new byte[1];
        Assert.Equal(1, await network.ReadAsync(answer));
        Assert.Equal((byte)'S', answer[0]);

        var caCertificate = authority.Certificate;
        await using var ssl = new SslStream(network, leaveInnerStreamOpen: true, (_, certificate, chain, _) =>
        {
            chain!.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(caCertificate);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(new X509Certificate2(certificate!));
        });
        await ssl.AuthenticateAsClientAsync("localhost");

        // The admin's StartupMessage now travels inside TLS; the server asks for SCRAM.
        var startup = Startup(("user", ManagementTestBed.AdminUser), ("database", "admin"));
        await ssl.WriteAsync(startup);
        var header = new byte[9];
        await ssl.ReadExactlyAsync(header);
        Assert.Equal((byte)'R', header[0]);
        Assert.Equal(10, BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(5)));
    }

    private static byte[] Startup(params (string Key, string Value)[] parameters)
    {
        var body = new List<byte>();
        foreach (var (key, value) in parameters)
        {
            body.AddRange(Encoding.UTF8.GetBytes(key));
            body.Add(0);
            body.AddRange(Encoding.UTF8.GetBytes(value));
            body.Add(0);
        }
        body.Add(0);
        var packet = new byte[8 + body.Count];
        BinaryPrimitives.WriteInt32BigEndian(packet, packet.Length);
        BinaryPrimitives.WriteInt32BigEndian(packet.AsSpan(4), 196608);
        body.CopyTo(packet, 8);
        return packet;
    }
}
