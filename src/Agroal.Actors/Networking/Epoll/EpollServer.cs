using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Networking.Epoll;

/// <summary>
/// The client listener's server on the epoll engine, in place of Kestrel: the same <see cref="ConnectionHandler"/>,
/// started inline on the loop that accepted the client. Kestrel queues every accepted connection to the thread pool,
/// which costs a thread wake per login. Stopping closes the listeners, waits for open connections until the host's
/// stop token fires, then aborts the rest, as Kestrel does.
/// </summary>
internal sealed class EpollServer : IServer
{
    private readonly EpollEngine _engine;
    private readonly IReadOnlyList<EndPoint> _endPoints;
    private readonly int _backlog;
    private readonly ConnectionHandler _handler;
    private readonly ILogger _log;
    private readonly List<EpollAcceptor> _acceptors = [];
    private readonly ServerAddressesFeature _addresses = new();
    private readonly HashSet<ConnectionContext> _open = [];
    private readonly Action<ConnectionContext> _onAccepted;
    private TaskCompletionSource? _drained;

    public EpollServer(EpollEngine engine, IReadOnlyList<EndPoint> endPoints, int backlog, ConnectionHandler handler, ILoggerFactory loggerFactory)
    {
        _engine = engine;
        _endPoints = endPoints;
        _backlog = backlog;
        _handler = handler;
        _log = loggerFactory.CreateLogger("Agroal.Actors.Networking.Epoll");
        _onAccepted = OnAccepted;
        Features.Set<IServerAddressesFeature>(_addresses);
    }

    public IFeatureCollection Features { get; } = new FeatureCollection();

    public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
        where TContext : notnull
    {
        try
        {
            foreach (var endPoint in _endPoints)
            {
                var acceptor = ListenOn(endPoint);
                _acceptors.Add(acceptor);
                _addresses.Addresses.Add(acceptor.EndPoint is IPEndPoint ip ? $"tcp://{ip}" : $"unix:{acceptor.EndPoint}");
            }
        }
        catch
        {
            CloseAcceptors();
            throw;
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// As Kestrel's any-address listener: the IPv6 any-address (which takes IPv4 clients too), or IPv4's where the
    /// system has no IPv6 or has it disabled (a container).
    /// </summary>
    /// <exception cref="IOException">The address cannot be listened on (taken, not this host's, no permission), as
    /// Kestrel reports it, naming the address.</exception>
    private EpollAcceptor ListenOn(EndPoint endPoint)
    {
        try
        {
            try
            {
                return _engine.Listen(endPoint, _backlog, _onAccepted);
            }
            catch (SocketException ex) when (endPoint is IPEndPoint { Address: var address, Port: var port } && address.Equals(IPAddress.IPv6Any)
                && ex.SocketErrorCode is SocketError.AddressFamilyNotSupported or SocketError.AddressNotAvailable or SocketError.ProtocolNotSupported)
            {
                return _engine.Listen(new IPEndPoint(IPAddress.Any, port), _backlog, _onAccepted);
            }
        }
        catch (Exception ex) when (ex is SocketException or AddressInUseException)
        {
            var where = endPoint is UnixDomainSocketEndPoint ? $"unix:{endPoint}" : endPoint.ToString();
            throw new IOException($"Failed to bind to address {where}: {ex.Message}", ex);
        }
    }

    private void OnAccepted(ConnectionContext connection)
    {
        lock (_open)
        {
            _open.Add(connection);
        }
        _ = RunAsync(connection);
    }

    /// <summary>Runs inline up to the handler's first pending read: on the loop, which is the point.</summary>
    private async Task RunAsync(ConnectionContext connection)
    {
        try
        {
            await _handler.OnConnectedAsync(connection).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            EpollLog.HandlerFailed(_log, connection.ConnectionId, ex);
        }
        finally
        {
            try
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                EpollLog.HandlerFailed(_log, connection.ConnectionId, ex);
            }
            lock (_open)
            {
                _open.Remove(connection);
                if (_open.Count == 0)
                {
                    _drained?.TrySetResult();
                }
            }
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        CloseAcceptors();
        Task drained;
        lock (_open)
        {
            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_open.Count == 0)
            {
                _drained.TrySetResult();
            }
            drained = _drained.Task;
        }
        try
        {
            await drained.WaitAsync(cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (OperationCanceledException)
        {
            // The host's stop budget is spent: abort whoever is left.
        }
        ConnectionContext[] left;
        lock (_open)
        {
            left = [.. _open];
        }
        foreach (var connection in left)
        {
            connection.Abort(new ConnectionAbortedException("The connection was aborted because the server is shutting down."));
        }
        // An aborted connection ends as soon as its handler sees the closed pipe; a handler stuck elsewhere is not waited for.
        await Task.WhenAny(drained, Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None)).ConfigureAwait(false);
    }

    private void CloseAcceptors()
    {
        foreach (var acceptor in _acceptors)
        {
            acceptor.Dispose();
        }
        _acceptors.Clear();
    }

    public void Dispose() => CloseAcceptors();
}
