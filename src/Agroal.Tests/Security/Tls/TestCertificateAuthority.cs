using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Agroal.Tests.Security.Tls;

/// <summary>A throwaway CA made at run time, issuing server and client certificates as PEM files (keys 0600).</summary>
public sealed class TestCertificateAuthority
{
    private readonly ECDsa _key;

    private TestCertificateAuthority(string directory, ECDsa key, X509Certificate2 certificate)
    {
        Directory = directory;
        _key = key;
        Certificate = certificate;
        CaFile = System.IO.Path.Combine(directory, "ca.crt");
        File.WriteAllText(CaFile, certificate.ExportCertificatePem());
    }

    public string Directory { get; }

    public X509Certificate2 Certificate { get; }

    public string CaFile { get; }

    public static TestCertificateAuthority Create(string directory, string name = "Agroal Test CA")
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return new TestCertificateAuthority(directory, key, certificate);
    }

    /// <summary>A server certificate for localhost and 127.0.0.1.</summary>
    public IssuedCertificate IssueServer(string fileStem, HashAlgorithmName? signatureHash = null) =>
        Issue(fileStem, "localhost", serverAuth: true, signatureHash ?? HashAlgorithmName.SHA256);

    public IssuedCertificate IssueClient(string fileStem, string commonName) =>
        Issue(fileStem, commonName, serverAuth: false, HashAlgorithmName.SHA256);

    private IssuedCertificate Issue(string fileStem, string commonName, bool serverAuth, HashAlgorithmName signatureHash)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, signatureHash);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(serverAuth ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        if (serverAuth)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName("localhost");
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
        }
        var serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7F;
        var generator = X509SignatureGenerator.CreateForECDsa(_key);
        using var issued = request.Create(Certificate.SubjectName, generator, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(30), serial);
        var certificateFile = System.IO.Path.Combine(Directory, fileStem + ".crt");
        var keyFile = System.IO.Path.Combine(Directory, fileStem + ".key");
        File.WriteAllText(certificateFile, issued.ExportCertificatePem());
        WritePrivate(keyFile, key.ExportPkcs8PrivateKeyPem());
        return new IssuedCertificate(certificateFile, keyFile, X509CertificateLoader.LoadCertificate(issued.RawData));
    }

    private static void WritePrivate(string path, string text)
    {
        using (File.Create(path))
        {
        }
        Vault.UnixMode.Set(path, "0600");
        File.WriteAllText(path, text);
    }
}
