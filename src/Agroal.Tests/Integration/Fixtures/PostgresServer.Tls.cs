using Agroal.Tests.Security.Tls;

namespace Agroal.Tests.Integration.Fixtures;

public sealed partial class PostgresServer
{
    /// <summary>With <see cref="PostgresServerOptions.Ssl"/>: the CA that signed the server's certificate (and can sign client ones).</summary>
    public TestCertificateAuthority? CertificateAuthority { get; private set; }

    private string TlsDirectory => _directory.Combine("tls");

    /// <summary>A fresh CA and a server certificate for 127.0.0.1/localhost, owned by the server's OS user.</summary>
    private async Task CreateTlsFilesAsync()
    {
        Directory.CreateDirectory(TlsDirectory);
        CertificateAuthority = TestCertificateAuthority.Create(TlsDirectory, "Agroal Test PostgreSQL CA");
        CertificateAuthority.IssueServer("server");
        if (RunAsUser is not null)
        {
            await RequireSuccessAsync("chown", ["-R", OsUser + ":", TlsDirectory], runAsUser: null).ConfigureAwait(false);
        }
    }

    private void AddTlsSettings(Action<string, string> set)
    {
        set("ssl", "on");
        set("ssl_cert_file", Path.Combine(TlsDirectory, "server.crt"));
        set("ssl_key_file", Path.Combine(TlsDirectory, "server.key"));
        set("ssl_ca_file", Path.Combine(TlsDirectory, "ca.crt"));
    }
}
