using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Agroal.Actors.Metrics;

/// <summary>
/// Reads the configured TLS certificate files for pgagroal_certificates_* and pgagroal_tls_certificate_*. A file is
/// parsed again only when its size or modification time changed, so a scrape costs one stat per file.
/// </summary>
internal sealed class CertificateInventory
{
    private readonly Dictionary<string, (DateTime Modified, long Length, CertificateFacts Facts)> _cache = new(StringComparer.Ordinal);

    public IReadOnlyList<CertificateFacts> Read(IReadOnlyList<CertificateSource> sources)
    {
        var facts = new List<CertificateFacts>(sources.Count);
        foreach (var source in sources)
        {
            facts.Add(ReadOne(source));
        }
        return facts;
    }

    private CertificateFacts ReadOne(CertificateSource source)
    {
        FileInfo file;
        try
        {
            file = new FileInfo(source.Path);
            if (!file.Exists)
            {
                return new CertificateFacts { Source = source };
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return new CertificateFacts { Source = source };
        }
        var key = source.Server + "\n" + source.Path;
        if (_cache.TryGetValue(key, out var cached) && cached.Modified == file.LastWriteTimeUtc && cached.Length == file.Length)
        {
            return cached.Facts;
        }
        var facts = Parse(source);
        _cache[key] = (file.LastWriteTimeUtc, file.Length, facts);
        return facts;
    }

    internal static CertificateFacts Parse(CertificateSource source)
    {
        string pem;
        try
        {
            pem = File.ReadAllText(source.Path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new CertificateFacts { Source = source };
        }
        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPem(pem);
        }
        catch (CryptographicException)
        {
            return new CertificateFacts { Source = source, Accessible = true, ParseError = true };
        }
        using (certificate)
        {
            var (keyType, keyTypeName, keySize) = KeyOf(certificate);
            var (signature, signatureName) = SignatureOf(certificate.SignatureAlgorithm.Value);
            return new CertificateFacts
            {
                Source = source,
                Accessible = true,
                NotBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime()),
                NotAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime()),
                Subject = OneLine(certificate.SubjectName),
                Issuer = OneLine(certificate.IssuerName),
                SerialNumber = "0x" + certificate.SerialNumber,
                KeySize = keySize,
                KeyType = keyType,
                KeyTypeName = keyTypeName,
                IsCa = certificate.Extensions.OfType<X509BasicConstraintsExtension>().Any(static e => e.CertificateAuthority),
                SignatureAlgorithm = signature,
                SignatureAlgorithmName = signatureName,
            };
        }
    }

    /// <summary>The "/C=../O=../CN=.." form pgagroal prints (OpenSSL's one-line name), in the certificate's own order.</summary>
    private static string OneLine(X500DistinguishedName name)
    {
        var text = new StringBuilder();
        foreach (var rdn in name.EnumerateRelativeDistinguishedNames(reversed: false))
        {
            var type = rdn.GetSingleElementType();
            // .NET names stateOrProvinceName "S"; OpenSSL prints "ST".
            var label = type.FriendlyName switch
            {
                null or "" => type.Value,
                "S" => "ST",
                var friendly => friendly,
            };
            text.Append('/').Append(label).Append('=').Append(rdn.GetSingleElementValue());
        }
        return text.ToString();
    }

    private static (int Type, string Name, int Size) KeyOf(X509Certificate2 certificate)
    {
        using (var rsa = certificate.GetRSAPublicKey())
        {
            if (rsa is not null)
            {
                return (1, "RSA", rsa.KeySize);
            }
        }
        using (var ecdsa = certificate.GetECDsaPublicKey())
        {
            if (ecdsa is not null)
            {
                return (2, "ECDSA", ecdsa.KeySize);
            }
        }
        return certificate.PublicKey.Oid.Value switch
        {
            "1.3.101.112" => (3, "Ed25519", 256),
            "1.3.101.113" => (4, "Ed448", 456),
            "1.2.840.10040.4.1" => (5, "DSA", 0),
            "1.2.840.10046.2.1" => (6, "DH", 0),
            _ => (0, "Unknown", 0),
        };
    }

    private static (int Number, string Name) SignatureOf(string? oid) => oid switch
    {
        "1.2.840.113549.1.1.11" => (1, "SHA256WithRSA"),
        "1.2.840.113549.1.1.12" => (2, "SHA384WithRSA"),
        "1.2.840.113549.1.1.13" => (3, "SHA512WithRSA"),
        "1.2.840.113549.1.1.5" => (4, "SHA1WithRSA"),
        "1.2.840.10045.4.3.2" => (5, "ECDSAWithSHA256"),
        "1.2.840.10045.4.3.3" => (6, "ECDSAWithSHA384"),
        "1.2.840.10045.4.3.4" => (7, "ECDSAWithSHA512"),
        "1.3.101.112" => (8, "Ed25519"),
        "1.3.101.113" => (9, "Ed448"),
        "1.2.840.113549.1.1.10" => (10, "RSASSA-PSS"),
        _ => (0, "Unknown"),
    };

    internal static string Date(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
