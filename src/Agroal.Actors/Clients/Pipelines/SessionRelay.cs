using System.Buffers;
using System.IO.Pipelines;
using Agroal.Actors.Pool.Backend;
using Agroal.Actors.Protocol;
using Microsoft.AspNetCore.Connections;

namespace Agroal.Actors.Clients.Pipelines;

/// <summary>
/// Moves bytes both ways between a client and the backend it holds, socket to socket, without re-framing: each
/// direction reads what arrived, lets a <see cref="RelayFrameScanner"/> follow the message headers in place, and
/// writes the same bytes on. It acts only at message boundaries: Terminate from the client, FATAL from the server.
/// Between two plain epoll sockets it runs inside the loops' receives (<see cref="RunDirectAsync"/>); otherwise (TLS
/// on either side, .NET's socket engine) as two async loops over the connections' pipes (<see cref="RunAsync"/>).
/// One instance per client, reused for every lease.
/// </summary>
public sealed partial class SessionRelay
{
    private RelayFrameScanner _fromClient;
    private RelayFrameScanner _fromServer;
    private long _bytesFromClient;
    private long _bytesFromServer;
    private readonly TimeProvider _clock;
    private long _lastActivity;

    // The inputs of the lease being relayed, for a stop to wake both loops (see RunAsync).
    private PipeReader? _clientInput;
    private PipeReader? _serverInput;

    public SessionRelay(int maxClientMessageLength, TimeProvider? clock = null)
    {
        _clock = clock ?? TimeProvider.System;
        _lastActivity = _clock.GetTimestamp();
        _fromClient = new RelayFrameScanner(RelayDirection.ClientToServer, maxClientMessageLength);
        _fromServer = new RelayFrameScanner(RelayDirection.ServerToClient);
    }

    /// <summary>Feeds the query and transaction latency histograms; null leaves them alone.</summary>
    public Metrics.RelayLatencyTracker? Latency { get; init; }

    public long Queries => _fromClient.Queries;

    public long Transactions => _fromServer.Transactions;

    public long BytesFromClient => _bytesFromClient;

    public long BytesFromServer => _bytesFromServer;

    /// <summary>Clock timestamp of the last bytes read from either side; read by disconnect_client from another thread.</summary>
    public long LastActivityTimestamp => Volatile.Read(ref _lastActivity);

    /// <summary>True while the client waits for an answer (a request without its ReadyForQuery yet); approximate across threads.</summary>
    public bool AwaitingServer => _fromClient.ReadyRequests != _fromServer.ReadyForQueryCount;

    /// <summary>Status of the last ReadyForQuery the server sent through the relay; 'I' before the first.</summary>
    public byte LastStatus => _fromServer.LastReadyForQueryStatus == 0 ? TransactionStatus.Idle : _fromServer.LastReadyForQueryStatus;

    /// <summary>
    /// True when both streams sit between messages and every request that expects a ReadyForQuery got one: the
    /// backend can be reset and reused. Anything else (a client gone mid-query) leaves it in an unknown state.
    /// </summary>
    public bool BackendIsQuiet =>
        _fromServer.IsAtMessageBoundary && _fromClient.IsAtMessageBoundary && _fromClient.ReadyRequests == _fromServer.ReadyForQueryCount;

    /// <summary>The type byte of the client message that ended the relay with <see cref="RelayEnd.ClientUnknownMessageType"/>.</summary>
    public byte RejectedTag => _fromClient.CurrentTag;

    public void Reset()
    {
        _fromClient.Reset();
        _fromServer.Reset();
        _bytesFromClient = 0;
        _bytesFromServer = 0;
        Latency?.Reset();
    }

    /// <summary>Relays until either side ends; both loops have finished when this returns.</summary>
    public async Task<RelayEnd> RunAsync(PipeReader clientInput, PipeWriter clientOutput, BackendConnection backend, CancellationToken cancellationToken)
    {
        // One registration for the lease instead of one per pending read: a stop ends both loops as cancelled reads,
        // and the relay then throws as a cancelled read did.
        _clientInput = clientInput;
        _serverInput = backend.Input;
        var stop = cancellationToken.UnsafeRegister(static relay => ((SessionRelay)relay!).WakeBothLoops(), this);
        try
        {
            var end = await RelayAsync(clientInput, clientOutput, backend, cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            return end;
        }
        finally
        {
            stop.Dispose();
            _clientInput = null;
            _serverInput = null;
        }
    }

    private void WakeBothLoops()
    {
        _clientInput?.CancelPendingRead();
        _serverInput?.CancelPendingRead();
    }

    private async Task<RelayEnd> RelayAsync(PipeReader clientInput, PipeWriter clientOutput, BackendConnection backend, CancellationToken cancellationToken)
    {
        var serverToClient = PumpAsync(RelayDirection.ServerToClient, backend.Input, clientOutput, cancellationToken);
        var clientToServer = PumpAsync(RelayDirection.ClientToServer, clientInput, backend.Output, cancellationToken);
        var first = await Task.WhenAny(clientToServer, serverToClient).ConfigureAwait(false);
        // Whichever side ended first, the other loop is parked in a read that will never complete on its own.
        if (first == clientToServer)
        {
            backend.Input.CancelPendingRead();
        }
        else
        {
            clientInput.CancelPendingRead();
        }
        var clientEnd = await clientToServer.ConfigureAwait(false);
        var serverEnd = await serverToClient.ConfigureAwait(false);
        // Both loops have stopped reading; a cancel that arrived after the server loop had ended must not outlive this lease.
        backend.DiscardStaleCancellation();
        if (first == clientToServer)
        {
            return clientEnd == RelayEnd.Stopped ? serverEnd : clientEnd;
        }
        return serverEnd == RelayEnd.Stopped ? clientEnd : serverEnd;
    }

    /// <summary>
    /// One loop for both directions: read what arrived, follow its message headers, write on what may pass, flush.
    /// The direction decides only how the bytes are followed and which side an end is laid to.
    /// </summary>
    private async Task<RelayEnd> PumpAsync(RelayDirection direction, PipeReader from, PipeWriter to, CancellationToken cancellationToken)
    {
        var fromClient = direction == RelayDirection.ClientToServer;
        var readerGone = fromClient ? RelayEnd.ClientVanished : RelayEnd.ServerClosed;
        var writerGone = fromClient ? RelayEnd.ServerClosed : RelayEnd.ClientVanished;
        while (true)
        {
            ReadResult read;
            try
            {
                // No token: a stop arrives as a cancelled read (see RunAsync).
                read = await from.ReadAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (RelayFailure.IsConnectionFailure(ex))
            {
                return readerGone;
            }
            var buffer = read.Buffer;
            if (read.IsCanceled)
            {
                from.AdvanceTo(buffer.Start);
                return RelayEnd.Stopped;
            }
            var now = _clock.GetTimestamp();
            Volatile.Write(ref _lastActivity, now);
            var end = fromClient ? ForwardClientBytes(buffer, to, now, out var written) : ForwardServerBytes(buffer, to, now, out written);
            from.AdvanceTo(buffer.End);
            if (end == RelayEnd.ServerClosed)
            {
                // The server sent what is not PostgreSQL: nothing of it is flushed to the client.
                return RelayEnd.ServerClosed;
            }
            if (written > 0)
            {
                FlushResult flushed;
                try
                {
                    flushed = await to.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (RelayFailure.IsConnectionFailure(ex))
                {
                    return writerGone;
                }
                // A FATAL that reached the client names the end even if the client has gone since: that backend is dead either way.
                if (end == RelayEnd.ServerFatal)
                {
                    return RelayEnd.ServerFatal;
                }
                if (flushed.IsCompleted)
                {
                    return writerGone;
                }
            }
            if (end is { } ended)
            {
                return ended;
            }
            if (read.IsCompleted)
            {
                return readerGone;
            }
        }
    }

    /// <summary>Writes on the client's bytes up to whatever ends the relay; the end, if any, is returned.</summary>
    private RelayEnd? ForwardClientBytes(in ReadOnlySequence<byte> buffer, PipeWriter to, long now, out long written)
    {
        var forward = buffer;
        var end = ScanClientBytes(buffer, ref forward);
        Latency?.ClientScanned(_fromClient.ReadyRequests, now);
        written = forward.Length;
        if (written > 0)
        {
            _bytesFromClient += written;
            foreach (var segment in forward)
            {
                to.Write(segment.Span);
            }
        }
        return end;
    }

    /// <summary>Writes on the server's bytes; <see cref="RelayEnd.ServerClosed"/> for bytes that do not frame, <see cref="RelayEnd.ServerFatal"/> after a FATAL.</summary>
    private RelayEnd? ForwardServerBytes(in ReadOnlySequence<byte> buffer, PipeWriter to, long now, out long written)
    {
        written = 0;
        foreach (var segment in buffer)
        {
            if (!_fromServer.Scan(segment.Span))
            {
                return RelayEnd.ServerClosed;
            }
            to.Write(segment.Span);
        }
        Latency?.ServerScanned(_fromServer.ReadyForQueryCount, _fromServer.LastReadyForQueryStatus, _fromServer.Transactions, now);
        written = buffer.Length;
        _bytesFromServer += written;
        return _fromServer.FatalSeen ? RelayEnd.ServerFatal : null;
    }

    /// <summary>Follows the client's messages; trims <paramref name="forward"/> before a Terminate, which the backend must not see.</summary>
    private RelayEnd? ScanClientBytes(in ReadOnlySequence<byte> buffer, ref ReadOnlySequence<byte> forward)
    {
        long scanned = 0;
        foreach (var segment in buffer)
        {
            var span = segment.Span;
            var offset = 0;
            while (offset < span.Length)
            {
                var used = _fromClient.ScanToNextEvent(span[offset..], out var relayEvent);
                offset += used;
                if (relayEvent == RelayEvent.Terminate)
                {
                    forward = buffer.Slice(0, scanned + offset - MessageHeader.Size);
                    return RelayEnd.ClientTerminated;
                }
                if (relayEvent == RelayEvent.UnknownMessageType)
                {
                    // What came before it goes on; the message itself never reaches the backend.
                    forward = buffer.Slice(0, scanned + offset - MessageHeader.Size);
                    return RelayEnd.ClientUnknownMessageType;
                }
                if (relayEvent == RelayEvent.InvalidFrame)
                {
                    forward = buffer.Slice(0, 0);
                    return RelayEnd.ClientProtocolViolation;
                }
            }
            scanned += span.Length;
        }
        return null;
    }
}
