using Microsoft.Extensions.Logging;
using Agroal.Actors.Errors;
using Agroal.Actors.Protocol;

namespace Agroal.Actors.Clients;

public sealed partial class ClientSession
{
    private static readonly byte[] DeclineEncryption = "N"u8.ToArray();

    /// <summary>
    /// Reads packets until a StartupMessage arrives: SSLRequest and GSSENCRequest are declined with 'N', a
    /// CancelRequest is forwarded and ends the connection. Returns null when the connection is done. <paramref name="deadline"/>
    /// is the phase's authentication_timeout (see <see cref="StartLoginPhase"/>), which the loop's login may have used up.
    /// </summary>
    private async ValueTask<StartupPacket?> ReadStartupAsync(CancellationTokenSource deadline, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var read = await ClientInput.ReadAsync(deadline.Token).ConfigureAwait(false);
                var buffer = read.Buffer;
                var status = StartupPacketReader.TryParse(buffer, out var consumed, out var packet, out var error);
                if (status == ParseStatus.NeedMoreData)
                {
                    ClientInput.AdvanceTo(buffer.Start, buffer.End);
                    if (read.IsCompleted)
                    {
                        return null;
                    }
                    continue;
                }
                if (status == ParseStatus.Invalid)
                {
                    ClientInput.AdvanceTo(buffer.End);
                    Log.BadStartup(_logger, Id, PeerName, error ?? "invalid startup packet");
                    await WriteFatalAsync(PoolerErrors.ProtocolViolation(error ?? "invalid startup packet"), cancellationToken).ConfigureAwait(false);
                    return null;
                }
                ClientInput.AdvanceTo(consumed);
                switch (packet!.Kind)
                {
                    case StartupPacketKind.SslRequest when _options.Tls is { } tls && !IsTls:
                        if (!await StartTlsAsync(tls, deadline.Token).ConfigureAwait(false))
                        {
                            return null;
                        }
                        continue;
                    case StartupPacketKind.SslRequest:
                    case StartupPacketKind.GssEncRequest:
                        await ClientOutput.WriteAsync(DeclineEncryption, cancellationToken).ConfigureAwait(false);
                        continue;
                    case StartupPacketKind.CancelRequest:
                        await ForwardCancelAsync(packet.CancelProcessId, packet.CancelSecretKey, cancellationToken).ConfigureAwait(false);
                        // Closed at once, as PostgreSQL closes a cancel connection once it has signalled the backend: a
                        // driver that waits for the close (Npgsql) reports the query's 57014 as the cancel it asked for
                        // only when the close comes first, and the relay brings the 57014 fast.
                        await ClientOutput.CompleteAsync().ConfigureAwait(false);
                        return null;
                    default:
                        return packet;
                }
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            Log.AuthenticationTimedOut(_logger, Id, PeerName);
            return null;
        }
    }

    /// <summary>A key another cluster node issued goes to that node; this node's own keys are delivered here.</summary>
    private async ValueTask ForwardCancelAsync(int processId, int secretKey, CancellationToken cancellationToken)
    {
        if (_services.CancelForwarder is { } forwarder && forwarder.TryForward(processId, secretKey))
        {
            return;
        }
        await DeliverCancelAsync(_services.CancelKeys, _logger, Id, processId, secretKey, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends the cancel, with the backend's real key, to the backend the owning client holds now; unknown keys are
    /// dropped quietly. Also the end point of cancels other cluster nodes forward here.
    /// </summary>
    public static async Task DeliverCancelAsync(CancelKeyRegistry cancelKeys, ILogger logger, long requesterId, int processId, int secretKey,
        CancellationToken cancellationToken)
    {
        var owner = cancelKeys.Find(processId, secretKey);
        if (owner is null)
        {
            return;
        }
        // Announced before the backend is read: the owner, which clears its backend before giving it back, then
        // either sees this cancel and waits for it, or this side sees no backend (see WaitForCancelsAsync).
        Interlocked.Increment(ref owner._cancelsInFlight);
        try
        {
            if (owner.CurrentBackend is not { } backend)
            {
                return;
            }
            Log.CancelForwarded(logger, owner.Id, backend.ToString());
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(CancelDeliveryTimeout);
            await BackendCanceller.SendAsync(backend.Server, backend.ProcessId, backend.SecretKey, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or OperationCanceledException or IOException)
        {
            Log.ClientIoFailed(logger, requesterId, "cancel not delivered: " + ex.Message);
        }
        finally
        {
            Interlocked.Decrement(ref owner._cancelsInFlight);
        }
    }

    private static readonly TimeSpan CancelDeliveryTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Cancels other sessions are delivering to this session's backend right now.</summary>
    private int _cancelsInFlight;

    /// <summary>
    /// Called after the backend was cleared from <see cref="CurrentBackend"/> and before it goes back to the pool: a
    /// cancel still on its way would otherwise interrupt the next holder's query. PostgreSQL has signalled the backend
    /// by the time it closes the cancel connection, and an idle backend ignores the signal. Costs nothing without a cancel.
    /// </summary>
    private async ValueTask WaitForCancelsAsync()
    {
        if (Volatile.Read(ref _cancelsInFlight) == 0)
        {
            return;
        }
        var started = _services.Clock.GetTimestamp();
        while (Volatile.Read(ref _cancelsInFlight) > 0 && _services.Clock.GetElapsedTime(started) < CancelDeliveryTimeout)
        {
            await Task.Delay(1).ConfigureAwait(false);
        }
    }
}
