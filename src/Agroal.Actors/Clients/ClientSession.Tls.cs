using System.Security.Authentication;
using Agroal.Actors.Protocol;
using Agroal.Actors.Security.Tls;
using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Clients;

public sealed partial class ClientSession
{
    private static readonly byte[] AcceptEncryption = "S"u8.ToArray();
    private TlsDuplexPipe? _tls;

    private bool IsTls => _tls is not null;

    /// <summary>A plaintext client a TLS listener could still upgrade: its SSLRequest is answered by the async login.</summary>
    internal bool OffersTls => _options.Tls is not null && !IsTls;

    /// <summary>Answers an SSLRequest with 'S' and runs the server handshake; false when it failed (the client is dropped).</summary>
    private async ValueTask<bool> StartTlsAsync(ClientTlsContext context, CancellationToken cancellationToken)
    {
        await ClientOutput.WriteAsync(AcceptEncryption, cancellationToken).ConfigureAwait(false);
        try
        {
            _tls = await context.AuthenticateAsync(_connection.Transport, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException)
        {
            TlsLog.HandshakeFailed(_logger, Id, PeerName, ex.Message);
            return false;
        }
        _clientTransport = _tls;
        return true;
    }

    private async ValueTask EndTlsAsync()
    {
        if (_tls is { } tls)
        {
            await tls.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>A SCRAM exchange for this connection: SCRAM-SHA-256-PLUS is offered too when the client came over TLS.</summary>
    private ScramServerSession NewScramSession(ScramSecret secret)
    {
        return _tls is not null && _options.Tls?.ServerEndPoint is { } binding
            ? new ScramServerSession(secret, ScramServerSession.TlsServerEndPoint, binding)
            : new ScramServerSession(secret);
    }

    private static partial class TlsLog
    {
        [LoggerMessage(EventId = 2051, Level = LogLevel.Information, Message = "tls handshake failed: client={ClientId} address={Address} error=\"{Error}\"")]
        public static partial void HandshakeFailed(ILogger logger, long clientId, string address, string error);
    }
}
