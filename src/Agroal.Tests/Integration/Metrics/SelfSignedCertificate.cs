using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Agroal.Tests.Integration.Fixtures;

namespace Agroal.Tests.Integration.Metrics;

/// <summary>A throwaway localhost certificate and key as PEM files, the form metrics_cert_file and metrics_key_file take.</summary>
public static class SelfSignedCertificate
{
    public static (string CertFile, string KeyFile) Write(TempDirectory directory)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var certFile = directory.Combine("metrics.crt");
        var keyFile = directory.Combine("metrics.key");
        File.WriteAllText(certFile, certificate.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return (certFile, keyFile);
    }
}
