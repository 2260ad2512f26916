namespace Agroal.Actors.Metrics;

/// <summary>What one certificate file told at its last reading; the figures of pgagroal_certificates_* and pgagroal_tls_certificate_*.</summary>
internal sealed record CertificateFacts
{
    public required CertificateSource Source { get; init; }

    public bool Accessible { get; init; }

    public bool ParseError { get; init; }

    public DateTimeOffset NotBefore { get; init; }

    public DateTimeOffset NotAfter { get; init; }

    public string Subject { get; init; } = "";

    public string Issuer { get; init; } = "";

    public string SerialNumber { get; init; } = "";

    public int KeySize { get; init; }

    public bool IsCa { get; init; }

    /// <summary>pgagroal's numbering: 0 unknown, 1 RSA, 2 ECDSA, 3 Ed25519, 4 Ed448, 5 DSA, 6 DH.</summary>
    public int KeyType { get; init; }

    public string KeyTypeName { get; init; } = "Unknown";

    /// <summary>pgagroal's numbering: 0 unknown, 1-4 SHA256/384/512/1 with RSA, 5-7 ECDSA with SHA256/384/512, 8 Ed25519, 9 Ed448, 10-12 RSA-PSS.</summary>
    public int SignatureAlgorithm { get; init; }

    public string SignatureAlgorithmName { get; init; } = "Unknown";

    /// <summary>Read and parsed: the per-certificate families describe it.</summary>
    public bool Parsed => Accessible && !ParseError;

    public bool IsExpired(DateTimeOffset now) => Parsed && NotAfter <= now;

    public bool IsValid(DateTimeOffset now) => Parsed && NotAfter > now && NotBefore <= now;

    public bool ExpiresSoon(DateTimeOffset now) => Parsed && NotAfter > now && NotAfter <= now.AddDays(30);
}
