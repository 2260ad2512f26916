using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;

namespace Agroal.Actors.Pool.Backend;

/// <summary>
/// A logged-in PostgreSQL backend. While a slot is Free it belongs to the pool; while it is InUse the client session
/// that leased it is the only one reading and writing its pipes.
/// </summary>
public sealed class BackendConnection : IAsyncDisposable
{
    private readonly ConnectionContext _transport;
    private int _closed;

    internal BackendConnection(ConnectionContext transport, ServerEndpoint server, PoolKey key, long createdTimestamp)
    {
        _transport = transport;
        Server = server;
        Key = key;
        CreatedTimestamp = createdTimestamp;
        LastUsedTimestamp = createdTimestamp;
    }

    private long _queries;

    /// <summary>The socket's descriptor, for the tracker's lines; -1 when unknown.</summary>
    public int SocketDescriptor { get; init; } = Networking.SocketDescriptor.Unknown;

    /// <summary>Queries the clients of this backend sent through it (pgagroal_connection_query_count).</summary>
    public long Queries => Interlocked.Read(ref _queries);

    /// <summary>Adds a lease's queries; called once per lease (session) or transaction (transaction pipeline).</summary>
    public void CountQueries(long queries)
    {
        if (queries > 0)
        {
            Interlocked.Add(ref _queries, queries);
        }
    }

    /// <summary>Slot index in the pool manager's table; set once when the pool adopts the connection.</summary>
    public int SlotId { get; internal set; } = -1;

    public ServerEndpoint Server { get; }

    public PoolKey Key { get; }

    public PipeReader Input => _transport.Transport.Input;

    public PipeWriter Output => _transport.Transport.Output;

    /// <summary>The backend's own epoll socket when its bytes travel on it as they are (no TLS): a relay can run inside its loop.</summary>
    internal Networking.Epoll.EpollConnection? PlainEpollSocket =>
        _transport is Networking.Epoll.EpollConnection socket && ReferenceEquals(socket.Transport, socket) ? socket : null;

    /// <summary>The receiver a transaction relay reads this backend with inside its loop; made by the first such relay, reused by the next.</summary>
    internal object? DirectRelaySide { get; set; }

    public int ProcessId { get; internal set; }

    public int SecretKey { get; internal set; }

    /// <summary>Values the server last reported with ParameterStatus (server_version, client_encoding, ...).</summary>
    public BackendParameters Parameters { get; } = new();

    /// <summary>
    /// The application_name the server reported at login (the startup packet's, a role's or database's default): the
    /// value a reset query's RESET ALL returns to. Null when not known.
    /// </summary>
    public string? LoginApplicationName { get; internal set; }

    /// <summary>Tracked parameters the pooler SET on top of the startup values since the last reset.</summary>
    public Dictionary<string, string> AppliedSettings { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>True once a client may have changed settings the pooler could not reset (no server_reset_query).</summary>
    public bool SettingsUnknown
    {
        get => _settingsUnknown;
        internal set
        {
            _settingsUnknown = value;
            ForgetAlignment();
        }
    }

    private bool _settingsUnknown;

    /// <summary>
    /// The signature of the session parameters this backend was last brought in line with (every tracked name and
    /// value, see <c>TransactionSettings</c>): a client with the same signature skips the comparison. Any other
    /// change of <see cref="AppliedSettings"/> clears it.
    /// </summary>
    public string? AlignedSignature { get; private set; }

    public void MarkAligned(string signature) => AlignedSignature = signature;

    public void ForgetAlignment() => AlignedSignature = null;

    /// <summary>
    /// The value a tracked parameter has in this backend's session as far as the pooler knows: what it SET since
    /// the last reset, else what the server reports; null when unknown (a parameter PostgreSQL does not report).
    /// </summary>
    public string? EffectiveSetting(string name)
    {
        if (SettingsUnknown)
        {
            return null;
        }
        return AppliedSettings.TryGetValue(name, out var applied) ? applied : Parameters[name];
    }

    /// <summary>
    /// The reset query failed once and server_reset_query_behavior_on_failure = ignore kept the backend: as in
    /// pgagroal, no further reset runs on it (a reload does not re-enable it; a new backend starts clean).
    /// </summary>
    public bool ResetSuppressed { get; set; }

    /// <summary>After a successful reset query the session is back to the server's defaults.</summary>
    public void MarkSettingsReset()
    {
        AppliedSettings.Clear();
        SettingsUnknown = false;
        ForgetAlignment();
    }

    /// <summary>What the pipeline keeps on the backend across clients (the transaction pipeline's prepared statements).</summary>
    public object? PipelineState { get; set; }

    /// <summary>tls-server-end-point data of the server's certificate when the backend runs over TLS; null otherwise.</summary>
    internal byte[]? TlsServerEndPoint { get; set; }

    /// <summary>How the pooler proved itself to the server: trust, password, md5, SCRAM-SHA-256 or SCRAM-SHA-256-PLUS.</summary>
    public string AuthenticationMethod { get; internal set; } = "trust";

    public long CreatedTimestamp { get; }

    public long LastUsedTimestamp { get; internal set; }

    /// <summary>
    /// Set while the server's authentication request waits for a client to answer it (pass-through login): the
    /// connector stopped there because the pooler holds no secret for the user. The leasing session finishes the login.
    /// </summary>
    public byte[]? PendingAuthenticationRequest { get; internal set; }

    /// <summary>What a later client must answer to reuse this backend, when it logged in by pass-through.</summary>
    public PassThroughLogin? PassThrough { get; internal set; }

    /// <summary>False when the backend cannot serve another client (the pooler could not re-authenticate it).</summary>
    public bool Poolable { get; internal set; } = true;

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>Cancelled once the socket is gone (EOF or reset from the server, or our own close).</summary>
    public CancellationToken Closed => _transport.ConnectionClosed;

    /// <summary>
    /// Called by the session that just leased this backend, before any client byte goes to it: true when the backend
    /// is open and quiet. An idle backend has nothing to say, so bytes waiting in its pipe (a FATAL such as 57P01 or
    /// an idle_session_timeout), or its end, mean it is dead or dirty. A cancelled read left behind by the previous
    /// holder's relay is consumed here, so that it can never end the new holder's first read.
    /// </summary>
    public bool TryClaimIdle()
    {
        if (IsClosed || _transport.ConnectionClosed.IsCancellationRequested)
        {
            return false;
        }
        try
        {
            var input = Input;
            // At most twice: a stale cancellation first, then whatever is really there.
            for (var attempt = 0; attempt < 2; attempt++)
            {
                if (!input.TryRead(out var read))
                {
                    return true;
                }
                var buffer = read.Buffer;
                input.AdvanceTo(buffer.Start);
                if (!buffer.IsEmpty || read.IsCompleted || !read.IsCanceled)
                {
                    return false;
                }
            }
            return false;
        }
        catch (InvalidOperationException)
        {
            // The reader was completed: the backend was closed under us.
            return false;
        }
    }

    /// <summary>
    /// Consumes a cancellation a relay may have left pending on this backend's reader when its loop ended on its own
    /// first; only the backend's current holder calls it, after its own reads have stopped. Buffered bytes stay.
    /// </summary>
    public void DiscardStaleCancellation()
    {
        try
        {
            if (Input.TryRead(out var read))
            {
                Input.AdvanceTo(read.Buffer.Start);
            }
        }
        catch (InvalidOperationException)
        {
            // Already completed: nothing pending to discard.
        }
    }

    /// <summary>Closes the socket without a goodbye: for backends in an unknown protocol state.</summary>
    public void Abort()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }
        _transport.Abort();
    }

    /// <summary>Sends Terminate when the backend is in a clean state, then closes the socket.</summary>
    public async ValueTask CloseAsync(bool sayGoodbye)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }
        try
        {
            if (sayGoodbye)
            {
                Output.Write(Protocol.PregeneratedMessages.Terminate.Span);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await Output.FlushAsync(timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // The backend is gone already; closing is all that is left.
        }
        await _transport.DisposeAsync().ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => CloseAsync(sayGoodbye: false);

    public override string ToString() => $"slot={SlotId} server={Server.Name} pid={ProcessId} key={Key}";
}
