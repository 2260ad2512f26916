using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Agroal.Tests.Integration.Fixtures;

namespace Agroal.Tests.Integration.Metrics;

/// <summary>A throwaway CA (as metrics_ca_file takes it) and client certificates issued by it or by nobody.</summary>
public static class ClientCertificates
{
    /// <returns>The CA's PEM file and a client certificate (with its key) that CA issued.</returns>
    public static (string CaFile, X509Certificate2 Client) Write(TempDirectory directory)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=agroal test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var caFile = directory.Combine("metrics-ca.crt");
        File.WriteAllText(caFile, ca.ExportCertificatePem());
        return (caFile, Issue(ca));
    }

    /// <summary>A self-signed client certificate no configured CA knows.</summary>
    public static X509Certificate2 Stranger()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = ClientRequest("CN=stranger", key);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return Exportable(certificate);
    }

    private static X509Certificate2 Issue(X509Certificate2 ca)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = ClientRequest("CN=prometheus", key);
        using var issued = request.Create(ca, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(12), RandomNumberGenerator.GetBytes(8));
        using var withKey = issued.CopyWithPrivateKey(key);
        return Exportable(withKey);
    }

    private static CertificateRequest ClientRequest(string subject, ECDsa key)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        return request;
    }

    /// <summary>SslStream on Linux wants a client certificate whose key it can use: a PKCS#12 round trip gives it one.</summary>
    private static X509Certificate2 Exportable(X509Certificate2 certificate) =>
        X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
}
