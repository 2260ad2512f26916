using System.Buffers;
using System.Net;
using Agroal.Actors.Errors;
using Agroal.Actors.Protocol;
using Agroal.Actors.Security.Authentication;

namespace Agroal.Actors.Management.Remote;

/// <summary>
/// The remote management login, as pgagroal does it: an optional SSLRequest, a StartupMessage, HBA checked for the
/// database <c>admin</c>, then SCRAM-SHA-256 against pgagroal_admins.conf in PostgreSQL's message format, ending with
/// AuthenticationOk. Any refusal is a FATAL ErrorResponse with pgagroal's SQLSTATE and wording.
/// </summary>
public sealed class RemoteLogin(AdminCredentials admins, IAccessPolicy access, ManagementTlsUpgrade? tls)
{
    public const string AdminDatabase = "admin";

    public async Task<RemoteLoginResult> RunAsync(Stream stream, IPAddress? peer, string peerName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var output = new ArrayBufferWriter<byte>(256);
        var isTls = false;
        StartupPacket? startup = null;
        while (startup is null)
        {
            var packet = await PostgresStream.ReadStartupAsync(stream, cancellationToken).ConfigureAwait(false);
            if (packet is null || !TryParseStartup(packet, out var parsed))
            {
                return new RemoteLoginResult(null, "", PoolerErrors.ProtocolViolation("invalid startup packet"));
            }
            switch (parsed.Kind)
            {
                case StartupPacketKind.SslRequest when tls is not null && !isTls:
                    await stream.WriteAsync("S"u8.ToArray(), cancellationToken).ConfigureAwait(false);
                    stream = await tls(stream, cancellationToken).ConfigureAwait(false);
                    isTls = true;
                    break;
                case StartupPacketKind.SslRequest or StartupPacketKind.GssEncRequest:
                    await stream.WriteAsync("N"u8.ToArray(), cancellationToken).ConfigureAwait(false);
                    break;
                case StartupPacketKind.Startup:
                    startup = parsed;
                    break;
                default:
                    return new RemoteLoginResult(null, "", PoolerErrors.ProtocolViolation("unexpected packet on the management port"));
            }
        }

        var user = startup.User;
        var decision = access.Decide(AdminDatabase, user, peer, isTls);
        var refusal = decision.Outcome switch
        {
            AccessOutcome.NoEntry => PoolerErrors.NoHbaEntry(peerName, user, AdminDatabase),
            AccessOutcome.Rejected => PoolerErrors.HbaReject,
            AccessOutcome.TlsRequired => PoolerErrors.TlsRequired,
            _ => null,
        };
        if (refusal is not null)
        {
            await RefuseAsync(stream, output, refusal, cancellationToken).ConfigureAwait(false);
            return new RemoteLoginResult(null, user, refusal);
        }

        if (!await ScramAsync(stream, output, user, cancellationToken).ConfigureAwait(false))
        {
            var bad = PoolerErrors.BadPassword(user);
            await RefuseAsync(stream, output, bad, cancellationToken).ConfigureAwait(false);
            return new RemoteLoginResult(null, user, bad);
        }
        BackendMessages.WriteAuthenticationOk(output);
        await PostgresStream.WriteAsync(stream, output, cancellationToken).ConfigureAwait(false);
        return new RemoteLoginResult(stream, user, null);
    }

    private async Task<bool> ScramAsync(Stream stream, ArrayBufferWriter<byte> output, string user, CancellationToken cancellationToken)
    {
        var known = admins.IsAdmin(user);
        var scram = new ScramServerSession(admins.SecretFor(user));
        BackendMessages.WriteAuthenticationSasl(output, scram.Mechanisms);
        await PostgresStream.WriteAsync(stream, output, cancellationToken).ConfigureAwait(false);

        var first = await PostgresStream.ReadMessageAsync(stream, cancellationToken).ConfigureAwait(false);
        if (first is not { Tag: FrontendTag.Password } initial
            || !PasswordMessageReader.TryReadSaslInitialResponse(new ReadOnlySequence<byte>(initial.Payload), out var mechanism, out var clientFirst))
        {
            return false;
        }
        var serverFirst = scram.HandleClientFirst(mechanism, clientFirst);
        if (!serverFirst.Success || serverFirst.Message is null)
        {
            return false;
        }
        BackendMessages.WriteAuthenticationSaslContinue(output, serverFirst.Message);
        await PostgresStream.WriteAsync(stream, output, cancellationToken).ConfigureAwait(false);

        var final = await PostgresStream.ReadMessageAsync(stream, cancellationToken).ConfigureAwait(false);
        if (final is not { Tag: FrontendTag.Password } response)
        {
            return false;
        }
        var serverFinal = scram.HandleClientFinal(response.Payload);
        if (!known || !serverFinal.Success || serverFinal.Message is null)
        {
            return false;
        }
        BackendMessages.WriteAuthenticationSaslFinal(output, serverFinal.Message);
        return true;
    }

    private static Task RefuseAsync(Stream stream, ArrayBufferWriter<byte> output, PoolerError error, CancellationToken cancellationToken)
    {
        BackendMessages.WriteErrorResponse(output, ErrorFields.Fatal(error.SqlState, error.Message));
        return PostgresStream.WriteAsync(stream, output, cancellationToken);
    }

    private static bool TryParseStartup(byte[] packet, out StartupPacket parsed)
    {
        var status = StartupPacketReader.TryParse(new ReadOnlySequence<byte>(packet), out _, out var startup, out _);
        parsed = startup!;
        return status == ParseStatus.Complete && startup is not null;
    }
}
