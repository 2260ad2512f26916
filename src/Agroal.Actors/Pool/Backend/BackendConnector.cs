using System.Net;
using System.Net.Sockets;
using Agroal.Actors.Errors;
using Agroal.Actors.Protocol;
using Agroal.Actors.Security.Tls;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging.Abstractions;

namespace Agroal.Actors.Pool.Backend;

/// <summary>
/// Opens a socket to a PostgreSQL server and logs in with the pooler's stored password (trust, cleartext, md5 or
/// SCRAM-SHA-256), keeping ParameterStatus and BackendKeyData for the clients that will share the backend.
/// Without a password it uses a secret learned by auth_query, else it stops at the server's authentication request
/// and leaves the rest of the login to the leasing client (pass-through).
/// </summary>
public sealed partial class BackendConnector : IDisposable
{
    private const int LoginMessageLimit = 1 << 20;
    private readonly SocketConnectionContextFactory _factory;
    private readonly TimeProvider _clock;
    private readonly IBackendSecretSource? _secrets;
    private readonly Networking.Epoll.EpollEngine? _engine;

    /// <param name="engine">The epoll engine the client sockets run on; null keeps backends on .NET's socket engine.</param>
    public BackendConnector(TimeProvider clock, IBackendSecretSource? secrets = null, Networking.Epoll.EpollEngine? engine = null)
    {
        _clock = clock;
        _secrets = secrets;
        _engine = engine;
        _factory = new SocketConnectionContextFactory(new SocketConnectionFactoryOptions { UnsafePreferInlineScheduling = true }, NullLogger.Instance);
    }

    public async Task<BackendLoginResult> ConnectAsync(ServerEndpoint server, BackendLogin login, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        ConnectionContext? transport = null;
        try
        {
            transport = await OpenAsync(server, deadline.Token).ConfigureAwait(false);
            // Read before TLS wraps the transport: the wrapper has no socket feature of its own.
            var descriptor = Networking.SocketDescriptor.Of(transport);
            byte[]? endPoint = null;
            if (server.Tls is { } tls)
            {
                var secured = await StartTlsAsync(transport, server, tls, deadline.Token).ConfigureAwait(false);
                if (secured is null)
                {
                    await DisposeQuietly(transport).ConfigureAwait(false);
                    return BackendLoginResult.Failure(PoolerErrors.ServerUnreachable(server.ToString(), "the server does not accept TLS"));
                }
                transport = secured;
                endPoint = secured.Transport is TlsDuplexPipe { Stream.RemoteCertificate: { } certificate }
                    ? TlsServerEndPoint.Compute(certificate as System.Security.Cryptography.X509Certificates.X509Certificate2
                        ?? System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()))
                    : null;
            }
            var connection = new BackendConnection(transport, server, login.Key, _clock.GetTimestamp())
            {
                TlsServerEndPoint = endPoint,
                SocketDescriptor = descriptor,
            };
            var error = await LoginAsync(connection, login, deadline.Token).ConfigureAwait(false);
            if (error is not null)
            {
                await connection.CloseAsync(sayGoodbye: false).ConfigureAwait(false);
                return BackendLoginResult.Failure(error);
            }
            connection.LoginApplicationName = connection.Parameters["application_name"];
            return BackendLoginResult.Success(connection);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await DisposeQuietly(transport).ConfigureAwait(false);
            return BackendLoginResult.Failure(PoolerErrors.ServerUnreachable(server.ToString(), $"no login within {timeout.TotalSeconds:0.#} s"));
        }
        catch (Exception ex) when (ex is SocketException or IOException or ConnectionResetException or ConnectionAbortedException
            or System.Security.Authentication.AuthenticationException)
        {
            await DisposeQuietly(transport).ConfigureAwait(false);
            return BackendLoginResult.Failure(PoolerErrors.ServerUnreachable(server.ToString(), ex.Message));
        }
    }

    private async Task<ConnectionContext> OpenAsync(ServerEndpoint server, CancellationToken cancellationToken)
    {
        EndPoint endPoint = server.IsUnixSocket
            ? new UnixDomainSocketEndPoint(server.UnixSocketPath)
            : IPAddress.TryParse(server.Host, out var address)
                ? new IPEndPoint(address, server.Port)
                : new DnsEndPoint(server.Host, server.Port);
        Action<Socket> configure = server.IsUnixSocket ? static _ => { } : ConfigureTcp;
        if (_engine is not null)
        {
            return await _engine.ConnectAsync(endPoint, configure, cancellationToken).ConfigureAwait(false);
        }
        var socket = server.IsUnixSocket
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            configure(socket);
            await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return _factory.Create(socket);
    }

    private static void ConfigureTcp(Socket socket)
    {
        socket.NoDelay = true;
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
    }

    private async Task<PoolerError?> LoginAsync(BackendConnection connection, BackendLogin login, CancellationToken cancellationToken)
    {
        var parameters = new List<KeyValuePair<string, string>>(3)
        {
            new("user", login.Key.User),
            new("database", login.Key.Database),
        };
        if (login.Key.Options.Length > 0)
        {
            parameters.Add(new("options", login.Key.Options));
        }
        if (!string.IsNullOrEmpty(login.ApplicationName))
        {
            parameters.Add(new("application_name", login.ApplicationName));
        }
        FrontendMessages.WriteStartupMessage(connection.Output, parameters);
        await connection.Output.FlushAsync(cancellationToken).ConfigureAwait(false);

        ScramClientSession? scram = null;
        var asked = false;
        while (true)
        {
            var read = await PipeMessageReader.ReadAsync(connection.Input, LoginMessageLimit, cancellationToken).ConfigureAwait(false);
            if (read.Outcome != PipeMessageReader.Outcome.Message)
            {
                return PoolerErrors.ServerUnreachable(connection.Server.ToString(), read.Error ?? "connection closed during login");
            }
            var message = read.Message;
            switch (message.Tag)
            {
                case BackendTag.Authentication:
                {
                    var code = AuthenticationRequestReader.ReadCode(new System.Buffers.ReadOnlySequence<byte>(message.Payload));
                    if (code == AuthenticationCode.Ok)
                    {
                        if (connection.Server.ChannelBinding == Configuration.ChannelBindingMode.Require && scram is not { IsBound: true })
                        {
                            return PoolerErrors.ChannelBindingUnavailable(connection.Server.ToString(),
                                $"the server authenticated user \"{login.Key.User}\" with {(asked ? connection.AuthenticationMethod : "trust")}, without channel binding");
                        }
                        if (!asked && login.Password is null)
                        {
                            connection.PassThrough = PassThroughLogin.Trusted;
                        }
                        return await FinishLoginAsync(connection, cancellationToken).ConfigureAwait(false);
                    }
                    asked = true;
                    if (login.Password is null && scram is null && _secrets?.Find(login.Key.User) is null)
                    {
                        // Pass-through: no password and no auth_query secret, so the leasing client answers this request itself.
                        // The client cannot bind to the server's certificate through the pooler's own TLS.
                        if (connection.Server.ChannelBinding == Configuration.ChannelBindingMode.Require)
                        {
                            return PoolerErrors.ChannelBindingUnavailable(connection.Server.ToString(),
                                $"the pooler holds no password for user \"{login.Key.User}\", and a pass-through login cannot bind");
                        }
                        connection.PendingAuthenticationRequest = message.Payload;
                        return null;
                    }
                    var error = AnswerAuthentication(connection, login, message.Payload, ref scram);
                    if (error is not null)
                    {
                        return error;
                    }
                    await connection.Output.FlushAsync(cancellationToken).ConfigureAwait(false);
                    break;
                }
                case BackendTag.ParameterStatus:
                {
                    var (name, value) = ParameterStatusReader.Parse(new System.Buffers.ReadOnlySequence<byte>(message.Payload));
                    connection.Parameters.Set(name, value);
                    break;
                }
                case BackendTag.BackendKeyData:
                {
                    var (processId, secretKey) = BackendKeyDataReader.Parse(new System.Buffers.ReadOnlySequence<byte>(message.Payload));
                    connection.ProcessId = processId;
                    connection.SecretKey = secretKey;
                    break;
                }
                case BackendTag.ReadyForQuery:
                    return null;
                case BackendTag.ErrorResponse:
                {
                    var fields = ErrorResponseReader.Parse(new System.Buffers.ReadOnlySequence<byte>(message.Payload));
                    return PoolerErrors.ServerLoginFailed(fields.SqlState, fields.Message);
                }
                default:
                    // NoticeResponse and NegotiateProtocolVersion need no answer during login.
                    break;
            }
        }
    }

    private PoolerError? AnswerAuthentication(BackendConnection connection, BackendLogin login, byte[] payload, ref ScramClientSession? scram)
    {
        var sequence = new System.Buffers.ReadOnlySequence<byte>(payload);
        var code = AuthenticationRequestReader.ReadCode(sequence);
        var user = login.Key.User;
        switch (code)
        {
            case AuthenticationCode.Ok:
                return null;
            case AuthenticationCode.CleartextPassword or AuthenticationCode.Md5Password
                when connection.Server.ChannelBinding == Configuration.ChannelBindingMode.Require:
                return PoolerErrors.ChannelBindingUnavailable(connection.Server.ToString(),
                    $"the server asks for {(code == AuthenticationCode.Md5Password ? "md5" : "a cleartext password")}, not SCRAM-SHA-256-PLUS");
            case AuthenticationCode.CleartextPassword:
                connection.AuthenticationMethod = "password";
                if (login.Password is null)
                {
                    return PoolerErrors.UnsupportedSecurityModel(user);
                }
                FrontendMessages.WritePasswordMessage(connection.Output, login.Password);
                return null;
            case AuthenticationCode.Md5Password:
            {
                connection.AuthenticationMethod = "md5";
                var salt = AuthenticationRequestReader.ReadData(sequence);
                if (login.Password is not null)
                {
                    FrontendMessages.WritePasswordMessage(connection.Output, Md5Password.Compute(user, login.Password, salt));
                    return null;
                }
                if (_secrets?.Find(user)?.Md5Hash is not { } hash)
                {
                    return PoolerErrors.UnsupportedSecurityModel(user);
                }
                FrontendMessages.WritePasswordMessage(connection.Output, Md5Password.ComputeFromStoredHash(hash, salt));
                return null;
            }
            case AuthenticationCode.Sasl:
            {
                var secret = login.Password is null ? _secrets?.Find(user) : null;
                if (login.Password is null && secret is not { HasScramKeys: true })
                {
                    return PoolerErrors.UnsupportedSecurityModel(user);
                }
                var mechanisms = AuthenticationRequestReader.ReadSaslMechanisms(sequence);
                scram = login.Password is not null
                    ? new ScramClientSession(login.Password)
                    : new ScramClientSession(secret!.ClientKey!, secret.ServerKey!);
                if (ChooseChannelBinding(connection, mechanisms, scram) is { } refusal)
                {
                    return refusal;
                }
                if (!scram.IsBound && !Contains(mechanisms, ScramServerSession.Mechanism))
                {
                    return PoolerErrors.UnsupportedSecurityModel(user);
                }
                connection.AuthenticationMethod = scram.Mechanism;
                FrontendMessages.WriteSaslInitialResponse(connection.Output, scram.Mechanism, scram.CreateClientFirst());
                return null;
            }
            case AuthenticationCode.SaslContinue:
            {
                if (scram is null)
                {
                    return PoolerErrors.UnsupportedSecurityModel(user);
                }
                var step = scram.HandleServerFirst(AuthenticationRequestReader.ReadData(sequence));
                if (!step.Success || step.Message is null)
                {
                    return PoolerErrors.ServerLoginFailed(SqlState.InvalidPassword, step.Error ?? "SCRAM exchange with the server failed");
                }
                FrontendMessages.WriteSaslResponse(connection.Output, step.Message);
                return null;
            }
            case AuthenticationCode.SaslFinal:
                if (scram is null || !scram.VerifyServerFinal(AuthenticationRequestReader.ReadData(sequence)))
                {
                    return PoolerErrors.ServerLoginFailed(SqlState.InvalidPassword, "the server's SCRAM signature is invalid");
                }
                return null;
            default:
                return PoolerErrors.UnsupportedSecurityModel(user);
        }
    }

    /// <summary>
    /// channel_binding: binds when the backend runs over TLS, offers SCRAM-SHA-256-PLUS and the mode is not disabled;
    /// over TLS without binding says "y,," (the server did not offer it) or "n,," (disabled). With require, anything
    /// but a binding is refused.
    /// </summary>
    private static PoolerError? ChooseChannelBinding(BackendConnection connection, IReadOnlyList<string> mechanisms, ScramClientSession scram)
    {
        var mode = connection.Server.ChannelBinding;
        var offered = Contains(mechanisms, ScramServerSession.PlusMechanism);
        if (mode != Configuration.ChannelBindingMode.Disabled && connection.TlsServerEndPoint is { } endPoint && offered)
        {
            scram.BindToTlsServerEndPoint(endPoint);
            return null;
        }
        if (mode == Configuration.ChannelBindingMode.Require)
        {
            var reason = connection.Server.Tls is null ? "the connection to the server does not use TLS (set tls = on)"
                : connection.TlsServerEndPoint is null ? "the server certificate's signature algorithm has no tls-server-end-point hash"
                : "the server does not offer SCRAM-SHA-256-PLUS";
            return PoolerErrors.ChannelBindingUnavailable(connection.Server.ToString(), reason);
        }
        if (mode == Configuration.ChannelBindingMode.Prefer && connection.TlsServerEndPoint is not null && !offered)
        {
            scram.AnnounceBindingSupport();
        }
        return null;
    }

    private static bool Contains(IReadOnlyList<string> values, string wanted)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (string.Equals(values[i], wanted, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    private static async ValueTask DisposeQuietly(ConnectionContext? transport)
    {
        if (transport is not null)
        {
            await transport.DisposeAsync().ConfigureAwait(false);
        }
    }

    public void Dispose() => _factory.Dispose();
}
