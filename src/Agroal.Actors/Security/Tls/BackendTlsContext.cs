using System.IO.Pipelines;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Agroal.Actors.Security.Tls;

/// <summary>
/// The pooler's side of TLS towards one PostgreSQL server (<c>[server]</c> <c>tls</c> keys): an optional client
/// certificate, and the server's certificate checked against the CA when one is set (any certificate otherwise,
/// as libpq's sslmode=require).
/// </summary>
public sealed class BackendTlsContext
{
    private readonly X509Certificate2? _clientCertificate;
    private readonly X509Certificate2Collection? _authorities;

    private BackendTlsContext(X509Certificate2? clientCertificate, X509Certificate2Collection? authorities)
    {
        _clientCertificate = clientCertificate;
        _authorities = authorities;
    }

    public bool VerifiesServer => _authorities is not null;

    public static bool TryLoad(TlsFiles files, out BackendTlsContext? context, out string? error)
    {
        context = null;
        error = null;
        X509Certificate2? certificate = null;
        if (files.HasCertificate && !TlsCertificates.TryLoadCertificate(files, out certificate, out error))
        {
            return false;
        }
        X509Certificate2Collection? authorities = null;
        if (files.HasCa && !TlsCertificates.TryLoadCa(files.CaFile, out authorities, out error))
        {
            return false;
        }
        context = new BackendTlsContext(certificate, authorities);
        return true;
    }

    /// <summary>Runs the client handshake over the plaintext pipes after the server answered 'S'.</summary>
    public async Task<TlsDuplexPipe> AuthenticateAsync(IDuplexPipe plaintext, string host, CancellationToken cancellationToken)
    {
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = host,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        };
        if (_clientCertificate is not null)
        {
            options.ClientCertificates = [_clientCertificate];
        }
        if (_authorities is not null)
        {
            options.CertificateChainPolicy = TlsCertificates.ChainPolicy(_authorities);
            options.RemoteCertificateValidationCallback = static (_, _, _, errors) => TlsCertificates.ChainIsTrusted(errors);
        }
        else
        {
            options.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
        }
        var stream = new SslStream(new DuplexPipeStream(plaintext), leaveInnerStreamOpen: false);
        try
        {
            await stream.AuthenticateAsClientAsync(options, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return new TlsDuplexPipe(stream);
    }
}
