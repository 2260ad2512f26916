using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Agroal.Actors.Metrics;

/// <summary>The CA bundle of metrics_ca_file: a client certificate is accepted only when it chains up to one of these.</summary>
internal sealed class ClientCertificateAuthority(X509Certificate2Collection roots)
{
    public static ClientCertificateAuthority Load(string caFile)
    {
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(caFile);
        if (roots.Count == 0)
        {
            throw new System.Security.Cryptography.CryptographicException($"{caFile} holds no certificate");
        }
        return new ClientCertificateAuthority(roots);
    }

    public bool Validate(X509Certificate2 certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        using var own = new X509Chain();
        own.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        own.ChainPolicy.CustomTrustStore.AddRange(roots);
        own.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        own.ChainPolicy.VerificationFlags = X509VerificationFlags.NoFlag;
        return own.Build(certificate);
    }
}
