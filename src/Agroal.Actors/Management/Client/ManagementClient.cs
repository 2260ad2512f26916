using System.Buffers;
using System.Buffers.Binary;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Agroal.Actors.Management.Remote;
using Agroal.Actors.Management.Wire;
using Agroal.Actors.Protocol;

namespace Agroal.Actors.Management.Client;

/// <summary>
/// The client side of the management protocol, for agroal-cli and the tests: connect (local socket, or TCP with the
/// PostgreSQL/SCRAM login pgagroal-cli performs, over TLS when the client has its certificate), send one document
/// (compressed and encrypted as asked), read one back. It talks to pgagroal 2.x too.
/// </summary>
public static class ManagementClient
{
    public static async Task<ManagementReply> SendAsync(ManagementTarget target, JsonObject request, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(request);
        var text = await SendTextAsync(target, request, timeout, cancellationToken).ConfigureAwait(false);
        if (text.Json is not { } json)
        {
            return ManagementReply.Fail(text.Failure, text.Error!);
        }
        return ManagementDocument.TryParseResponse(json, out var document)
            ? new ManagementReply(document, ManagementFailure.None, null) { Json = json }
            : ManagementReply.Fail(ManagementFailure.Protocol, "the answer is not a management document");
    }

    private readonly record struct TextReply(string? Json, ManagementFailure Failure, string? Error);

    private static async Task<TextReply> SendTextAsync(ManagementTarget target, JsonObject request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        request[ManagementKeys.Header]?.AsObject()[ManagementKeys.Compression] = (int)target.Compression;
        request[ManagementKeys.Header]?.AsObject()[ManagementKeys.Encryption] = (int)target.Encryption;
        if (!PayloadCodec.TryEncode(ManagementJson.Write(request), target.Compression, target.Encryption, target.MasterKey, out var payload, out var encodeError))
        {
            return new TextReply(null, ManagementFailure.Protocol, encodeError);
        }
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        Socket? socket = null;
        Stream? stream = null;
        try
        {
            socket = await ConnectAsync(target, deadline.Token).ConfigureAwait(false);
            stream = new NetworkStream(socket, ownsSocket: true);
            socket = null;
            if (target.IsRemote)
            {
                if (target.Tls is { } tls)
                {
                    stream = await StartTlsAsync(stream, tls, target.Host!, deadline.Token).ConfigureAwait(false);
                }
                var refusal = await LoginAsync(stream, target, deadline.Token).ConfigureAwait(false);
                if (refusal is not null)
                {
                    return new TextReply(null, ManagementFailure.Authentication, refusal);
                }
            }
            await ManagementFrame.WriteAsync(stream, target.Compression, target.Encryption, payload, deadline.Token).ConfigureAwait(false);
            var frame = await ManagementFrame.ReadAsync(stream, int.MaxValue, deadline.Token).ConfigureAwait(false);
            if (frame.Status != FrameReadStatus.Ok)
            {
                return new TextReply(null, ManagementFailure.Connection, "the pooler closed the connection without answering");
            }
            return PayloadCodec.TryDecode(frame, target.MasterKey, MaxAnswer, out var json, out var decodeError)
                ? new TextReply(json, ManagementFailure.None, null)
                : new TextReply(null, ManagementFailure.Protocol, $"cannot read the answer: {decodeError}");
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new TextReply(null, ManagementFailure.Timeout, $"no answer from {target} within {timeout.TotalSeconds:0.#} s");
        }
        catch (Exception ex) when (ex is SocketException or IOException or AuthenticationException or CryptographicException)
        {
            return new TextReply(null, ManagementFailure.Connection, $"cannot talk to {target}: {ex.Message}");
        }
        finally
        {
            socket?.Dispose();
            if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>A status details of a large pool is long; compressed answers are inflated at most to this.</summary>
    private const int MaxAnswer = 64 * 1024 * 1024;

    private static async Task<Socket> ConnectAsync(ManagementTarget target, CancellationToken cancellationToken)
    {
        if (target.IsRemote)
        {
            var tcp = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await tcp.ConnectAsync(target.Host!, target.Port, cancellationToken).ConfigureAwait(false);
                return tcp;
            }
            catch
            {
                tcp.Dispose();
                throw;
            }
        }
        try
        {
            return await ConnectLocalAsync(target.SocketPath ?? "", cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException) when (target.FallbackSocketPath is { } fallback)
        {
            // pgagroal 2.1 names the socket per instance; a 2.0 pooler has only the shared name.
            return await ConnectLocalAsync(fallback, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<Socket> ConnectLocalAsync(string path, CancellationToken cancellationToken)
    {
        var local = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await local.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken).ConfigureAwait(false);
            return local;
        }
        catch
        {
            local.Dispose();
            throw;
        }
    }

    /// <summary>SSLRequest; on 'S' a TLS handshake with the client certificate, on 'N' the login goes on in plain text, as pgagroal-cli.</summary>
    private static async Task<Stream> StartTlsAsync(Stream stream, ManagementClientTls tls, string host, CancellationToken cancellationToken)
    {
        var request = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(request, 8);
        BinaryPrimitives.WriteInt32BigEndian(request.AsSpan(4), ProtocolCodes.SslRequest);
        await stream.WriteAsync(request, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        var answer = new byte[1];
        if (await stream.ReadAtLeastAsync(answer, 1, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false) != 1)
        {
            throw new IOException("the pooler closed the connection after the SSLRequest");
        }
        if (answer[0] != (byte)'S')
        {
            return stream;
        }
        var certificate = tls.LoadCertificate();
        var ssl = new SslStream(stream, leaveInnerStreamOpen: false, (_, server, _, _) => tls.Validate(server));
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = host,
            ClientCertificates = [certificate],
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        }, cancellationToken).ConfigureAwait(false);
        return ssl;
    }

    /// <summary>StartupMessage to database admin, then SCRAM-SHA-256; null on AuthenticationOk, else the reason.</summary>
    private static async Task<string?> LoginAsync(Stream stream, ManagementTarget target, CancellationToken cancellationToken)
    {
        var output = new ArrayBufferWriter<byte>(256);
        FrontendMessages.WriteStartupMessage(output,
        [
            new("user", target.User),
            new("database", RemoteLogin.AdminDatabase),
            new("application_name", "agroal-cli"),
        ]);
        await PostgresStream.WriteAsync(stream, output, cancellationToken).ConfigureAwait(false);
        ScramClientSession? scram = null;
        while (true)
        {
            var message = await PostgresStream.ReadMessageAsync(stream, cancellationToken).ConfigureAwait(false);
            if (message is not { } received)
            {
                return "the pooler closed the connection during login";
            }
            if (received.Tag == BackendTag.ErrorResponse)
            {
                var error = ErrorResponseReader.Parse(new ReadOnlySequence<byte>(received.Payload));
                return $"{error.SqlState}: {error.Message}";
            }
            if (received.Tag != BackendTag.Authentication)
            {
                return $"unexpected message '{(char)received.Tag}' during login";
            }
            var payload = new ReadOnlySequence<byte>(received.Payload);
            switch (AuthenticationRequestReader.ReadCode(payload))
            {
                case AuthenticationCode.Ok:
                    return null;
                case AuthenticationCode.Sasl:
                    scram = new ScramClientSession(target.Password);
                    FrontendMessages.WriteSaslInitialResponse(output, scram.Mechanism, scram.CreateClientFirst());
                    break;
                case AuthenticationCode.SaslContinue when scram is not null:
                    var step = scram.HandleServerFirst(AuthenticationRequestReader.ReadData(payload));
                    if (!step.Success || step.Message is null)
                    {
                        return step.Error ?? "SCRAM exchange failed";
                    }
                    FrontendMessages.WriteSaslResponse(output, step.Message);
                    break;
                case AuthenticationCode.SaslFinal when scram is not null:
                    if (!scram.VerifyServerFinal(AuthenticationRequestReader.ReadData(payload)))
                    {
                        return "the pooler could not prove it knows the password";
                    }
                    continue;
                default:
                    return "the pooler asked for an authentication method other than SCRAM-SHA-256";
            }
            await PostgresStream.WriteAsync(stream, output, cancellationToken).ConfigureAwait(false);
        }
    }
}
