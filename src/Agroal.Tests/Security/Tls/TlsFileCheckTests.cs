using System.Security.Cryptography;
using Agroal.Actors.Security.Tls;
using Agroal.Tests.Integration.Fixtures;
using Agroal.Tests.Security.Vault;

namespace Agroal.Tests.Security.Tls;

public sealed class TlsFileCheckTests : IDisposable
{
    private readonly TempDirectory _directory = TempDirectory.Create("/tmp/agroal-tlsfiles");
    private readonly TestCertificateAuthority _authority;

    public TlsFileCheckTests() => _authority = TestCertificateAuthority.Create(_directory.Path);

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Private_key_with_mode_0600_is_accepted()
    {
        var issued = _authority.IssueServer("server");
        Assert.Null(TlsFileCheck.CheckPrivateKey(issued.KeyFile));
        Assert.True(ClientTlsContext.TryLoad(new TlsFiles(issued.CertificateFile, issued.KeyFile, ""), out _, out var error), error);
    }

    [Fact]
    public void Private_key_readable_by_others_is_refused_with_the_fix()
    {
        var issued = _authority.IssueServer("server");
        UnixMode.Set(issued.KeyFile, "0644");
        var error = TlsFileCheck.CheckPrivateKey(issued.KeyFile);
        Assert.NotNull(error);
        Assert.Contains("0644", error);
        Assert.False(ClientTlsContext.TryLoad(new TlsFiles(issued.CertificateFile, issued.KeyFile, ""), out _, out _));
    }

    [Fact]
    public void Root_owned_key_may_be_group_readable_but_not_group_writable()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            return;
        }
        var issued = _authority.IssueServer("server");
        UnixMode.Set(issued.KeyFile, "0640");
        Assert.Null(TlsFileCheck.CheckPrivateKey(issued.KeyFile));
        UnixMode.Set(issued.KeyFile, "0660");
        Assert.NotNull(TlsFileCheck.CheckPrivateKey(issued.KeyFile));
    }

    [Fact]
    public void Missing_file_is_refused()
    {
        Assert.NotNull(TlsFileCheck.CheckCertificate(_directory.Combine("absent.crt")));
    }

    [Theory]
    [InlineData("SHA256", 32)]
    [InlineData("SHA384", 48)]
    [InlineData("SHA512", 64)]
    public void Server_end_point_hash_follows_the_certificates_signature_hash(string hash, int length)
    {
        var issued = _authority.IssueServer("server-" + hash, new HashAlgorithmName(hash));
        var binding = TlsServerEndPoint.Compute(issued.Certificate);
        Assert.NotNull(binding);
        Assert.Equal(length, binding!.Length);
        var expected = hash switch
        {
            "SHA384" => SHA384.HashData(issued.Certificate.RawData),
            "SHA512" => SHA512.HashData(issued.Certificate.RawData),
            _ => SHA256.HashData(issued.Certificate.RawData),
        };
        Assert.Equal(expected, binding);
    }

    [Fact]
    public void Sha1_signatures_bind_with_sha256()
    {
        Assert.Equal(HashAlgorithmName.SHA256, TlsServerEndPoint.HashFor("1.2.840.113549.1.1.5"));
        Assert.Equal(HashAlgorithmName.SHA256, TlsServerEndPoint.HashFor("1.2.840.10045.4.1"));
        Assert.Null(TlsServerEndPoint.HashFor("1.2.3.4"));
    }
}
