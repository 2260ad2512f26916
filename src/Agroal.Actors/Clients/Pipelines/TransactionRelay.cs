using System.IO.Pipelines;
using Agroal.Actors.Clients.PreparedStatements;
using Agroal.Actors.Pool.Backend;
using Agroal.Actors.Protocol;
using Microsoft.AspNetCore.Connections;

namespace Agroal.Actors.Clients.Pipelines;

/// <summary>
/// The transaction pipeline's relay: a backend is held only from the first message of a transaction until the server
/// says idle with nothing in flight. Two plain loops: client to server (always running; it leases a backend when a
/// message arrives and none is held) and server to client (running only while a backend is held; it is the one that
/// gives the backend back, after it has stopped reading it; one loop per session, which waits for the next attach
/// between transactions instead of ending, so a transaction starts no task). Both follow message boundaries; the client side rewrites
/// named prepared statements to pooler-wide ones and replays a Parse where the attached backend lacks it, and the
/// server side drops or converts the replies to the pooler's own messages, in order, using <see cref="PendingReplyQueue"/>.
/// The loops share state under one lock, taken once per chunk on each side, never across an await. When the client's
/// socket and the backend's are both plain epoll sockets, neither side is a loop of its own: the server side runs
/// inside the backend's epoll loop (<c>TransactionRelay.Direct.cs</c>) and the client side inside the client's
/// (<c>TransactionRelay.DirectClient.cs</c>), with the same processing and release point.
/// </summary>
public sealed partial class TransactionRelay
{

    private readonly ITransactionBackendSource _source;
    private readonly TransactionSettings _settings;
    private readonly int _maxMessageLength;
    private readonly int _maxPreparedStatements;
    private readonly Lock _gate = new();
    private readonly PendingReplyQueue _replies = new();
    private readonly AttachSignal _attachSignal = new();

    private PipeReader? _clientInput;
    private PipeWriter? _clientOutput;
    private CancellationToken _cancellation;

    // Everything below is guarded by _gate.
    private BackendConnection? _backend;
    private BackendStatementCache? _cache;
    private ClientStatementMap? _statements;
    private Task<RelayEnd>? _serverLoop;
    private RelayEnd? _serverEnd;
    private byte _lastStatus = TransactionStatus.Idle;
    private bool _openExtended;

    // Not guarded by _gate: the client side's write in progress (set under the lock) and whether a release point met
    // it. One word, so that finishing the write and asking for a wake cannot miss each other; see EndClientWrite.
    private int _clientWrite;

    // The server loop gave its backend back and waits on _attachSignal for the next one; whoever clears this sets it.
    private bool _awaitingAttach;

    // Read and written by the server loop only: its last attachment ended by giving the backend back.
    private bool _released;

    // A wake (CancelPendingRead) decided under the lock but delivered after it: until the server loop sees the
    // cancelled read, the backend must not be released, or the cancel would land on the next owner's read.
    private bool _wakePending;
    private bool _stopping;
    private bool _serverIdleAtBoundary;
    private bool _namedParseSeen;
    private bool _statementsUnknown;
    private long _clientBodyRemaining;
    private long _serverBodyRemaining;

    private long _queries;
    private long _queriesCounted;
    private long _transactions;
    private long _bytesFromClient;
    private long _bytesFromServer;

    /// <param name="maxPreparedStatements">Statements kept per backend; 0 passes named statements through unchanged.</param>
    public TransactionRelay(ITransactionBackendSource source, TransactionSettings settings, int maxClientMessageLength, int maxPreparedStatements)
    {
        _source = source;
        _settings = settings;
        _maxMessageLength = maxClientMessageLength;
        _maxPreparedStatements = Math.Max(0, maxPreparedStatements);
    }

    public long Queries => Interlocked.Read(ref _queries);

    /// <summary>Charges the queries since the last detach to the backend that served them (per-slot query count).</summary>
    private void AttributeQueries(BackendConnection backend)
    {
        var queries = Interlocked.Read(ref _queries);
        backend.CountQueries(queries - _queriesCounted);
        _queriesCounted = queries;
    }

    public long Transactions => Interlocked.Read(ref _transactions);

    public long BytesFromClient => Interlocked.Read(ref _bytesFromClient);

    public long BytesFromServer => Interlocked.Read(ref _bytesFromServer);

    /// <summary>The type byte of the client message that ended the relay with <see cref="RelayEnd.ClientUnknownMessageType"/>.</summary>
    public byte RejectedTag { get; private set; }

    private bool RenamesStatements => _maxPreparedStatements > 0;

    /// <summary>
    /// Relays until the client leaves or a backend fails. When it returns, the server loop has ended; a backend still
    /// attached is described by <see cref="Leftover"/> for the session to roll back or close.
    /// </summary>
    public Task<RelayEnd> RunAsync(PipeReader clientInput, PipeWriter clientOutput, CancellationToken cancellationToken)
    {
        _clientInput = clientInput;
        _clientOutput = clientOutput;
        _cancellation = cancellationToken;
        // Not an async method around the two: each one a session runs through costs its login a state machine and
        // its end a continuation. Both stop the server side on their way out (EndServerSideAsync).
        return DirectClient is { } socket ? RunDirectClientAsync(socket, cancellationToken) : RunPipedClientAsync(clientInput, cancellationToken);
    }

    private async Task<RelayEnd> RunPipedClientAsync(PipeReader clientInput, CancellationToken cancellationToken)
    {
        var end = RelayEnd.Stopped;
        try
        {
            end = await PumpClientToServerAsync(clientInput, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            end = await EndServerSideAsync(end).ConfigureAwait(false);
        }
        return end;
    }

    /// <summary>
    /// On the relay's way out, whichever way the client side ended: stops the server side, whose own end names the
    /// relay's when the client side's says only "stopped".
    /// </summary>
    private async ValueTask<RelayEnd> EndServerSideAsync(RelayEnd clientEnd)
    {
        var serverEnd = await StopServerLoopAsync().ConfigureAwait(false);
        return clientEnd == RelayEnd.Stopped && serverEnd is { } ended && ended != RelayEnd.Stopped ? ended : clientEnd;
    }

    /// <summary>The backend still attached after <see cref="RunAsync"/>, and whether its protocol state is known to be quiet.</summary>
    public (BackendConnection? Backend, bool Quiet, byte LastStatus, DetachReason Reason) Leftover
    {
        get
        {
            lock (_gate)
            {
                var quiet = _serverEnd is null or RelayEnd.Stopped && _replies.Count == 0 && !_openExtended
                    && _clientBodyRemaining == 0 && _serverBodyRemaining == 0 && !_serverBytesDropped;
                return (_backend, quiet, _lastStatus, new DetachReason(_namedParseSeen, _statementsUnknown));
            }
        }
    }

    /// <summary>Forgets the leftover backend once the session has dealt with it.</summary>
    public void ForgetBackend()
    {
        lock (_gate)
        {
            if (_backend is { } backend)
            {
                AttributeQueries(backend);
            }
            _backend = null;
            _cache = null;
        }
    }

    private async Task<RelayEnd?> StopServerLoopAsync()
    {
        Task<RelayEnd>? loop;
        BackendConnection? backend;
        bool wakeIdleLoop;
        lock (_gate)
        {
            _stopping = true;
            loop = _serverLoop;
            backend = _backend;
            wakeIdleLoop = _awaitingAttach;
            _awaitingAttach = false;
        }
        var directEnd = await StopDirectAsync().ConfigureAwait(false);
        if (loop is null)
        {
            return directEnd;
        }
        if (wakeIdleLoop)
        {
            // Between transactions the loop waits for the next backend: none will come.
            _attachSignal.Set(null);
        }
        else if (backend is not null && !loop.IsCompleted)
        {
            // Still attached: the server loop is parked in a read of this backend, which nobody else can own yet.
            backend.Input.CancelPendingRead();
        }
        try
        {
            return await loop.ConfigureAwait(false);
        }
        catch (Exception ex) when (RelayFailure.IsConnectionFailure(ex) || ex is OperationCanceledException)
        {
            return RelayEnd.ServerClosed;
        }
        finally
        {
            // The loop may have ended on its own (a flush to the client, a release check) before the cancel above
            // landed; left pending, it would end the first read of whoever holds this backend next.
            backend?.DiscardStaleCancellation();
        }
    }
}
