using System.Buffers;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Agroal.Actors.Management.Remote;
using Agroal.Actors.Management.Wire;
using Agroal.Actors.Protocol;

namespace Agroal.Actors.Management.Client;

/// <summary>
/// The client side of the management protocol, for agroal-cli and the tests: connect (local socket, or TCP with the
/// PostgreSQL/SCRAM login pgagroal-cli performs), send one document, read one back. It talks to pgagroal 2.x too.
/// </summary>
public static class ManagementClient
{
    public static async Task<ManagementReply> SendAsync(ManagementTarget target, JsonObject request, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(request);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        Socket? socket = null;
        try
        {
            socket = await ConnectAsync(target, deadline.Token).ConfigureAwait(false);
            await using var stream = new NetworkStream(socket, ownsSocket: true);
            socket = null;
            if (target.IsRemote)
            {
                var refusal = await LoginAsync(stream, target, deadline.Token).ConfigureAwait(false);
                if (refusal is not null)
                {
                    return ManagementReply.Fail(ManagementFailure.Authentication, refusal);
                }
            }
            await ManagementFrame.WriteAsync(stream, request.ToJsonString(), deadline.Token).ConfigureAwait(false);
            var frame = await ManagementFrame.ReadAsync(stream, int.MaxValue, deadline.Token).ConfigureAwait(false);
            if (frame.Status != FrameReadStatus.Ok)
            {
                return ManagementReply.Fail(ManagementFailure.Connection, "the pooler closed the connection without answering");
            }
            if (!frame.IsPlain)
            {
                return ManagementReply.Fail(ManagementFailure.Protocol, "the answer is compressed or encrypted, which agroal-cli does not support");
            }
            return ManagementDocument.TryParseResponse(frame.Payload, out var document)
                ? new ManagementReply(document, ManagementFailure.None, null)
                : ManagementReply.Fail(ManagementFailure.Protocol, "the answer is not a management document");
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return ManagementReply.Fail(ManagementFailure.Timeout, $"no answer from {target} within {timeout.TotalSeconds:0.#} s");
        }
        catch (Exception ex) when (ex is SocketException or IOException)
        {
            return ManagementReply.Fail(ManagementFailure.Connection, $"cannot talk to {target}: {ex.Message}");
        }
        finally
        {
            socket?.Dispose();
        }
    }

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
        var local = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await local.ConnectAsync(new UnixDomainSocketEndPoint(target.SocketPath ?? ""), cancellationToken).ConfigureAwait(false);
            return local;
        }
        catch
        {
            local.Dispose();
            throw;
        }
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
