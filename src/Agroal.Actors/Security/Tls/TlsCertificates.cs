using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Agroal.Actors.Security.Tls;

/// <summary>Loads PEM certificates and keys after the file checks, and builds the chain policy a CA file implies.</summary>
internal static class TlsCertificates
{
    public static bool TryLoadCertificate(TlsFiles files, out X509Certificate2? certificate, out string? error)
    {
        certificate = null;
        error = TlsFileCheck.CheckCertificate(files.CertificateFile) ?? TlsFileCheck.CheckPrivateKey(files.KeyFile);
        if (error is not null)
        {
            return false;
        }
        try
        {
            certificate = X509Certificate2.CreateFromPemFile(files.CertificateFile, files.KeyFile);
            return true;
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or ArgumentException)
        {
            error = $"TLS certificate {files.CertificateFile} with key {files.KeyFile}: {ex.Message}";
            return false;
        }
    }

    public static bool TryLoadCa(string path, out X509Certificate2Collection? authorities, out string? error)
    {
        authorities = null;
        error = TlsFileCheck.CheckCertificate(path);
        if (error is not null)
        {
            return false;
        }
        try
        {
            var collection = new X509Certificate2Collection();
            collection.ImportFromPemFile(path);
            if (collection.Count == 0)
            {
                error = $"TLS CA file {path} holds no certificate";
                return false;
            }
            authorities = collection;
            return true;
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or ArgumentException)
        {
            error = $"TLS CA file {path}: {ex.Message}";
            return false;
        }
    }

    /// <summary>Trust exactly the configured authorities, without revocation lookups (pgagroal does none either).</summary>
    public static X509ChainPolicy ChainPolicy(X509Certificate2Collection authorities)
    {
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        policy.CustomTrustStore.AddRange(authorities);
        return policy;
    }

    /// <summary>Accepts a peer whose chain ends at the configured CA; the host name is not checked (pgagroal's VERIFY_PEER).</summary>
    public static bool ChainIsTrusted(SslPolicyErrors errors) =>
        (errors & ~SslPolicyErrors.RemoteCertificateNameMismatch) == SslPolicyErrors.None;
}
