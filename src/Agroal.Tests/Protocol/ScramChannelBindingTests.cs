using System.Security.Cryptography;
using System.Text;
using Agroal.Actors.Protocol;

namespace Agroal.Tests.Protocol;

/// <summary>The pooler's SCRAM client with tls-server-end-point binding, checked by the pooler's own SCRAM server.</summary>
public sealed class ScramChannelBindingTests
{
    private static readonly ScramSecret Secret = ScramSecret.FromPassword("pencil", RandomNumberGenerator.GetBytes(16), 4096);
    private static readonly byte[] CertificateHash = SHA256.HashData("the server certificate"u8);

    private static ScramStepResult Exchange(ScramClientSession client, ScramServerSession server, out bool serverVerified)
    {
        var first = server.HandleClientFirst(client.Mechanism, client.CreateClientFirst());
        serverVerified = false;
        if (!first.Success)
        {
            return first;
        }
        var final = server.HandleClientFinal(client.HandleServerFirst(first.Message).Message);
        serverVerified = final.Success && client.VerifyServerFinal(final.Message);
        return final;
    }

    [Fact]
    public void A_bound_client_uses_the_plus_mechanism_and_passes_the_servers_binding_check()
    {
        var client = new ScramClientSession("pencil");
        client.BindToTlsServerEndPoint(CertificateHash);

        var outcome = Exchange(client, new ScramServerSession(Secret, "tls-server-end-point", CertificateHash), out var verified);

        Assert.Equal("SCRAM-SHA-256-PLUS", client.Mechanism);
        Assert.True(outcome.Success, outcome.Error);
        Assert.True(verified);
    }

    [Fact]
    public void A_binding_to_another_certificate_fails_the_servers_check()
    {
        var client = new ScramClientSession("pencil");
        client.BindToTlsServerEndPoint(SHA256.HashData("a certificate in the middle"u8));

        var outcome = Exchange(client, new ScramServerSession(Secret, "tls-server-end-point", CertificateHash), out _);

        Assert.False(outcome.Success);
        Assert.Contains("channel binding", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Announcing_binding_support_starts_with_y_and_is_accepted_where_plus_is_not_offered()
    {
        var client = new ScramClientSession("pencil");
        client.AnnounceBindingSupport();
        var server = new ScramServerSession(Secret);

        var first = client.CreateClientFirst();
        Assert.StartsWith("y,,", Encoding.UTF8.GetString(first), StringComparison.Ordinal);
        var serverFirst = server.HandleClientFirst("SCRAM-SHA-256", first);
        var final = server.HandleClientFinal(client.HandleServerFirst(serverFirst.Message).Message);
        Assert.True(final.Success, final.Error);
    }

    [Fact]
    public void Announcing_binding_support_to_a_server_that_offers_plus_is_caught_as_a_downgrade()
    {
        var client = new ScramClientSession("pencil");
        client.AnnounceBindingSupport();

        var outcome = Exchange(client, new ScramServerSession(Secret, "tls-server-end-point", CertificateHash), out _);

        Assert.False(outcome.Success);
    }
}
