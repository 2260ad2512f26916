using Agroal.Actors.Errors;
using Agroal.Actors.Protocol;
using Agroal.Actors.Security.Tls;
using Microsoft.AspNetCore.Connections;

namespace Agroal.Actors.Pool.Backend;

public sealed partial class BackendConnector
{
    private static readonly byte[] AcceptedTls = "S"u8.ToArray();

    /// <summary>
    /// After AuthenticationOk: keeps ParameterStatus and BackendKeyData until ReadyForQuery. Also used by a client
    /// session that finished a pass-through login on a backend the connector handed over.
    /// </summary>
    public static async Task<PoolerError?> FinishLoginAsync(BackendConnection connection, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await PipeMessageReader.ReadAsync(connection.Input, LoginMessageLimit, cancellationToken).ConfigureAwait(false);
            if (read.Outcome != PipeMessageReader.Outcome.Message)
            {
                return PoolerErrors.ServerUnreachable(connection.Server.ToString(), read.Error ?? "connection closed during login");
            }
            var message = read.Message;
            var payload = new System.Buffers.ReadOnlySequence<byte>(message.Payload);
            switch (message.Tag)
            {
                case BackendTag.ParameterStatus:
                {
                    var (name, value) = ParameterStatusReader.Parse(payload);
                    connection.Parameters.Set(name, value);
                    break;
                }
                case BackendTag.BackendKeyData:
                {
                    var (processId, secretKey) = BackendKeyDataReader.Parse(payload);
                    connection.ProcessId = processId;
                    connection.SecretKey = secretKey;
                    break;
                }
                case BackendTag.ReadyForQuery:
                    connection.PendingAuthenticationRequest = null;
                    return null;
                case BackendTag.ErrorResponse:
                {
                    var fields = ErrorResponseReader.Parse(payload);
                    return PoolerErrors.ServerLoginFailed(fields.SqlState, fields.Message);
                }
                default:
                    break;
            }
        }
    }

    /// <summary>SSLRequest, then the client handshake on 'S'; null when the server answers 'N'.</summary>
    private static async Task<ConnectionContext?> StartTlsAsync(ConnectionContext transport, ServerEndpoint server, BackendTlsContext tls, CancellationToken cancellationToken)
    {
        var pipe = transport.Transport;
        FrontendMessages.WriteSslRequest(pipe.Output);
        await pipe.Output.FlushAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var read = await pipe.Input.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (read.Buffer.IsEmpty)
            {
                pipe.Input.AdvanceTo(read.Buffer.Start, read.Buffer.End);
                if (read.IsCompleted)
                {
                    throw new IOException("connection closed after SSLRequest");
                }
                continue;
            }
            var answer = read.Buffer.FirstSpan[0];
            pipe.Input.AdvanceTo(read.Buffer.GetPosition(1));
            if (answer != AcceptedTls[0])
            {
                return null;
            }
            break;
        }
        var secured = await tls.AuthenticateAsync(pipe, server.Host, cancellationToken).ConfigureAwait(false);
        return new SecureConnectionContext(transport, secured);
    }
}
