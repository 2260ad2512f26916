using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Agroal.Actors.Security.Tls;

/// <summary>
/// The tls-server-end-point channel binding (RFC 5929 §4.1): a hash of the server certificate, with the certificate's
/// own signature hash, except that MD5 and SHA-1 are replaced by SHA-256.
/// </summary>
public static class TlsServerEndPoint
{
    /// <summary>The binding data, or null when the signature algorithm is unknown (then SCRAM-PLUS is not offered).</summary>
    public static byte[]? Compute(X509Certificate2 certificate)
    {
        return HashFor(certificate.SignatureAlgorithm.Value) switch
        {
            { } name when name == HashAlgorithmName.SHA384 => SHA384.HashData(certificate.RawData),
            { } name when name == HashAlgorithmName.SHA512 => SHA512.HashData(certificate.RawData),
            { } => SHA256.HashData(certificate.RawData),
            null => null,
        };
    }

    internal static HashAlgorithmName? HashFor(string? signatureOid) => signatureOid switch
    {
        "1.2.840.113549.1.1.4" or "1.2.840.113549.1.1.5" or "1.2.840.10045.4.1" or "1.3.14.3.2.29" => HashAlgorithmName.SHA256,
        "1.2.840.113549.1.1.11" or "1.2.840.10045.4.3.2" => HashAlgorithmName.SHA256,
        "1.2.840.113549.1.1.12" or "1.2.840.10045.4.3.3" => HashAlgorithmName.SHA384,
        "1.2.840.113549.1.1.13" or "1.2.840.10045.4.3.4" => HashAlgorithmName.SHA512,
        _ => null,
    };
}
