namespace Agroal.Actors.Security.Tls;

/// <summary>The PEM files of one TLS side, as pgagroal.conf names them; empty strings mean "not set".</summary>
public sealed record TlsFiles(string CertificateFile, string KeyFile, string CaFile)
{
    public bool HasCertificate => CertificateFile.Length > 0 && KeyFile.Length > 0;

    public bool HasCa => CaFile.Length > 0;
}
