namespace Agroal.Actors.Metrics;

/// <summary>A configured certificate file and whose it is: "pgagroal" (tls_cert_file), "metrics", or a server's name.</summary>
public sealed record CertificateSource(string Server, string Path);
