using System.IO.Pipelines;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Agroal.Actors.Security.Tls;

/// <summary>
/// The pooler's side of client TLS (<c>tls</c>, <c>tls_cert_file</c>, <c>tls_key_file</c>, <c>tls_ca_file</c>): TLS 1.2 or
/// newer, a client certificate required and checked against the CA when one is set, and the tls-server-end-point
/// binding of the pooler's certificate for SCRAM-SHA-256-PLUS.
/// </summary>
public sealed class ClientTlsContext
{
    private readonly SslServerAuthenticationOptions _options;

    private ClientTlsContext(X509Certificate2 certificate, X509Certificate2Collection? authorities)
    {
        Certificate = certificate;
        ServerEndPoint = TlsServerEndPoint.Compute(certificate);
        RequiresClientCertificate = authorities is not null;
        _options = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = SslStreamCertificateContext.Create(certificate, additionalCertificates: null, offline: true),
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            ClientCertificateRequired = authorities is not null,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            AllowTlsResume = false,
        };
        if (authorities is not null)
        {
            _options.CertificateChainPolicy = TlsCertificates.ChainPolicy(authorities);
            _options.RemoteCertificateValidationCallback = static (_, certificate, _, errors) =>
                certificate is not null && errors == SslPolicyErrors.None;
        }
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>RFC 5929 tls-server-end-point data; null when the certificate's signature hash is unknown.</summary>
    public byte[]? ServerEndPoint { get; }

    public bool RequiresClientCertificate { get; }

    /// <summary>Loads and checks the files; the error says which file is wrong and why.</summary>
    public static bool TryLoad(TlsFiles files, out ClientTlsContext? context, out string? error)
    {
        context = null;
        if (!TlsCertificates.TryLoadCertificate(files, out var certificate, out error))
        {
            return false;
        }
        X509Certificate2Collection? authorities = null;
        if (files.HasCa && !TlsCertificates.TryLoadCa(files.CaFile, out authorities, out error))
        {
            return false;
        }
        context = new ClientTlsContext(certificate!, authorities);
        return true;
    }

    /// <summary>The same handshake over a stream (remote management, which reads its frames from a stream).</summary>
    public async Task<Stream> AuthenticateAsync(Stream plaintext, CancellationToken cancellationToken)
    {
        var stream = new SslStream(plaintext, leaveInnerStreamOpen: false);
        try
        {
            await stream.AuthenticateAsServerAsync(_options, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return stream;
    }

    /// <summary>Runs the server handshake over the plaintext pipes after 'S' was sent; throws on a failed handshake.</summary>
    public async Task<TlsDuplexPipe> AuthenticateAsync(IDuplexPipe plaintext, CancellationToken cancellationToken)
    {
        var stream = new SslStream(new DuplexPipeStream(plaintext), leaveInnerStreamOpen: false);
        try
        {
            await stream.AuthenticateAsServerAsync(_options, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return new TlsDuplexPipe(stream);
    }
}
