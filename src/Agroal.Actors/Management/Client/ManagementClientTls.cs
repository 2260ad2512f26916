using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Agroal.Actors.Management.Client;

/// <summary>
/// pgagroal-cli's TLS client for a remote management port: used when <c>~/.pgagroal/pgagroal.key</c> (owner-only) and
/// <c>pgagroal.crt</c> exist. The pair is offered as client certificate; with <c>root.crt</c> the server's chain must
/// lead to it (no host name check, as pgagroal's SSL_VERIFY_PEER), without it any server certificate is taken.
/// </summary>
public sealed record ManagementClientTls(string CertificateFile, string KeyFile, string? RootFile)
{
    public const string KeyFileName = "pgagroal.key";
    public const string CertificateFileName = "pgagroal.crt";
    public const string RootFileName = "root.crt";

    /// <summary>The files in <c>$HOME/.pgagroal</c>, or null when pgagroal-cli would not start TLS.</summary>
    public static ManagementClientTls? FromHome(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var home = environment("HOME");
        return string.IsNullOrEmpty(home) ? null : FromDirectory(Path.Combine(home, ".pgagroal"));
    }

    public static ManagementClientTls? FromDirectory(string directory)
    {
        var key = Path.Combine(directory, KeyFileName);
        var certificate = Path.Combine(directory, CertificateFileName);
        if (!File.Exists(key) || !File.Exists(certificate) || !OwnerOnly(key))
        {
            return null;
        }
        var root = Path.Combine(directory, RootFileName);
        return new ManagementClientTls(certificate, key, File.Exists(root) ? root : null);
    }

    internal X509Certificate2 LoadCertificate()
    {
        using var pem = X509Certificate2.CreateFromPemFile(CertificateFile, KeyFile);
        // SslStream on Linux needs the key in a exportable store form for client authentication.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>Accepts the server's certificate as pgagroal-cli does: chained to root.crt when there is one, else any.</summary>
    internal bool Validate(X509Certificate? certificate)
    {
        if (RootFile is null)
        {
            return true;
        }
        if (certificate is null)
        {
            return false;
        }
        using var root = X509CertificateLoader.LoadCertificateFromFile(RootFile);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var server = new X509Certificate2(certificate);
        return chain.Build(server);
    }

    private static bool OwnerOnly(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return true;
        }
        var mode = File.GetUnixFileMode(path);
        return (mode & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute)) == 0;
    }
}
