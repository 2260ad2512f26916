using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;

namespace Agroal.Actors.Networking.Epoll;

/// <summary>
/// Accepts with .NET's socket (a login is rare next to its messages) and hands each accepted socket to the epoll engine.
/// </summary>
internal sealed class EpollConnectionListener : IConnectionListener
{
    private readonly EpollEngine _engine;
    private readonly Socket _socket;

    public EpollConnectionListener(EpollEngine engine, Socket socket, EndPoint endPoint)
    {
        _engine = engine;
        _socket = socket;
        EndPoint = endPoint;
    }

    public EndPoint EndPoint { get; }

    public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Socket accepted;
            try
            {
                accepted = await _socket.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                return null;
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.OperationAborted)
            {
                return null;
            }
            catch (SocketException)
            {
                // A client that reset before we accepted it (or a transient accept error): the next one.
                continue;
            }
            try
            {
                return _engine.Adopt(accepted);
            }
            catch (SocketException)
            {
                continue;
            }
        }
    }

    public ValueTask UnbindAsync(CancellationToken cancellationToken = default) => DisposeAsync();

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        // pgagroal removes its socket files when it stops; a file left behind would only mislead clients.
        if (EndPoint is UnixDomainSocketEndPoint unix && unix.ToString() is { Length: > 0 } path)
        {
            try
            {
                File.Delete(path);
            }
            catch (IOException)
            {
                // Someone else's now, or already gone.
            }
            catch (UnauthorizedAccessException)
            {
                // Someone else's now, or already gone.
            }
        }
        return ValueTask.CompletedTask;
    }
}
