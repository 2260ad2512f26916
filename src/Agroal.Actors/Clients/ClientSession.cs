using Akka.Actor;
using System.IO.Pipelines;
using System.Net;
using Agroal.Actors.Errors;
using Agroal.Actors.Pool;
using Agroal.Actors.Pool.Backend;
using Agroal.Actors.Protocol;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Clients;

/// <summary>
/// One client connection's protocol work, from the first packet to the last byte: negotiation, authentication,
/// leasing a backend, relaying, and returning the backend clean. It runs as a plain async flow beside its
/// <see cref="ClientConnectionActor"/>, which owns its lifecycle and can stop it at any time.
/// </summary>
public sealed partial class ClientSession
{
    private readonly ConnectionContext _connection;
    private readonly PoolerServices _services;
    private readonly ClientSessionOptions _options;
    private readonly ILogger _logger;
    private readonly SessionLeases _leases;
    private BackendConnection? _backend;
    private int _processId;
    private int _secretKey;
    private bool _keyIssued;
    private PoolKey? _key;
    private IReadOnlyList<KeyValuePair<string, string>> _startupParameters = [];

    /// <summary>What a session-pipeline backend is aligned to (<see cref="SessionParameters.ForAlignment"/>), made on first use.</summary>
    private IReadOnlyList<KeyValuePair<string, string>>? _alignedParameters;
    private readonly ReadOnlyMemory<byte>? _resetQueryMessage;
    private IDuplexPipe _clientTransport;
    private Pipelines.SessionRelay? _relay;

    /// <summary>disconnect_client: true when the relay saw no bytes since <paramref name="timestamp"/>; unless forced, a client waiting for an answer is not idle.</summary>
    public bool IsIdleSince(long timestamp, bool force) =>
        Volatile.Read(ref _relay) is { } relay && relay.LastActivityTimestamp <= timestamp && (force || !relay.AwaitingServer);

    public ClientSession(long id, ConnectionContext connection, PoolerServices services)
    {
        Id = id;
        _connection = connection;
        _services = services;
        _options = services.Options;
        _logger = services.SessionLogger;
        _leases = new SessionLeases(new LeaseAwaiter(services.Pool, id, connection.RemoteEndPoint));
        _clientTransport = connection.Transport;
        _clientDescriptor = Networking.SocketDescriptor.Of(connection);
        RemoteAddress = (connection.RemoteEndPoint as IPEndPoint)?.Address;
        _resetQueryMessage = _options.ServerResetQuery switch
        {
            null or "" => null,
            "DISCARD ALL" => PregeneratedMessages.DiscardAll,
            var query => PregeneratedMessages.Query(query),
        };
    }

    public long Id { get; }

    /// <summary>Null for a Unix-socket client.</summary>
    public IPAddress? RemoteAddress { get; }

    public string? User { get; private set; }

    public string? Database { get; private set; }

    public string ApplicationName { get; private set; } = "";

    /// <summary>The backend this client holds right now, if any; read by cancel handling from other threads.</summary>
    public BackendConnection? CurrentBackend => Volatile.Read(ref _backend);

    /// <summary>The socket's own pipes, or the plaintext side of TLS once the handshake is done.</summary>
    private PipeReader ClientInput => _clientTransport.Input;

    private PipeWriter ClientOutput => _clientTransport.Output;

    /// <summary>The client's own epoll socket while its bytes travel on it as they are (no TLS): a relay can run inside its loop.</summary>
    private Networking.Epoll.EpollConnection? PlainEpollSocket =>
        _connection is Networking.Epoll.EpollConnection socket && ReferenceEquals(_clientTransport, socket) && ReferenceEquals(socket.Transport, socket)
            ? socket : null;

    private string PeerName => RemoteAddress?.ToString() ?? "unix socket";

    /// <summary>Runs the whole client conversation; returns when the client is gone or was refused.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var counters = _services.Counters;
        var accepted = _services.Clock.GetTimestamp();
        counters.SocketOpened();
        try
        {
            // Inline rather than a method of its own: the startup packet is rarely there yet, and every async
            // method that has to wait costs a login one more allocation.
            bool authenticated;
            try
            {
                var deadline = StartLoginPhase(cancellationToken);
                // A plain epoll client logs in inside its loop; what that login hands over goes on below.
                LoginOnLoop? onLoop = null;
                if (PlainEpollSocket is { } socket)
                {
                    onLoop = LoginOnLoop.Start(this, socket, AuthenticationMessageLimit, deadline.Token);
                    await onLoop.Completion.ConfigureAwait(false);
                    if (onLoop.Failure is { } failure)
                    {
                        if (onLoop.Startup is not null)
                        {
                            counters.AuthenticationEnded();
                        }
                        System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
                    }
                }
                var startup = onLoop?.Startup;
                if (startup is null)
                {
                    startup = await ReadStartupAsync(deadline, cancellationToken).ConfigureAwait(false);
                    if (startup is null)
                    {
                        return;
                    }
                    BeginAuthentication(startup);
                }
                try
                {
                    authenticated = onLoop is { TookOver: true }
                        ? await FinishLoginOnLoopAsync(onLoop, cancellationToken).ConfigureAwait(false)
                        : await AuthenticateAsync(startup, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    counters.AuthenticationEnded();
                }
            }
            finally
            {
                EndLogin();
            }
            if (!authenticated)
            {
                return;
            }
            counters.SessionStarted();
            try
            {
                await RunPipelineAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                counters.SessionEnded();
                counters.RecordSession(_services.Clock.GetElapsedTime(accepted));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped by the actor (shutdown, flush, crash of the actor); the finally block returns what is held.
        }
        catch (Exception ex) when (ex is IOException or ConnectionResetException or ConnectionAbortedException or InvalidOperationException)
        {
            Log.ClientIoFailed(_logger, Id, ex.Message);
        }
        finally
        {
            if (_keyIssued)
            {
                _services.CancelKeys.Unregister(_processId, _secretKey);
            }
            // A backend still held here was in the middle of something: its state is unknown, so it is not reused.
            if (Interlocked.Exchange(ref _backend, null) is { } backend)
            {
                TrackBackend(ConnectionTracker.ReturnConnectionKill, backend, ConnectionTracker.StateRemove);
                _services.Pool.Tell(ReleaseOf(backend, reusable: false));
            }
            await EndTlsAsync().ConfigureAwait(false);
            if (_trackedStart)
            {
                TrackClientSocket(ConnectionTracker.SocketDisassociateClient);
                TrackClient(ConnectionTracker.ClientStop);
            }
            counters.SocketClosed();
            if (_options.LogDisconnections && User is not null)
            {
                Log.Disconnected(_logger, Id, User, Database ?? "", PeerName);
            }
        }
    }

    /// <summary>The startup packet is in: the client's tracking and the authentication counters begin.</summary>
    private void BeginAuthentication(StartupPacket startup)
    {
        _trackedStart = _options.Tracker;
        if (_trackedStart)
        {
            ConnectionTracker.Client(_logger, _services.Clock, ConnectionTracker.ClientStart, startup.User, startup.Database ?? startup.User,
                _services.Counters.Active);
            TrackClientSocket(ConnectionTracker.SocketAssociateClient);
        }
        _services.Counters.AuthenticationStarted();
    }

    private ValueTask WriteFatalAsync(PoolerError error, CancellationToken cancellationToken)
    {
        var fields = ErrorFields.Fatal(error.SqlState, error.Message) with { Detail = error.Detail };
        BackendMessages.WriteErrorResponse(ClientOutput, fields);
        return FlushClientAsync(cancellationToken);
    }

    private async ValueTask FlushClientAsync(CancellationToken cancellationToken)
    {
        await ClientOutput.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private ValueTask RefuseAsync(PoolerError error, CancellationToken cancellationToken)
    {
        Log.Refused(_logger, Id, User ?? "", Database ?? "", PeerName, error.Code, error.Message);
        return WriteFatalAsync(error, cancellationToken);
    }
}
