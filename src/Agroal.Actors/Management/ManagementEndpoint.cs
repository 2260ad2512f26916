using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Agroal.Actors.Management.Remote;
using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Management;

/// <summary>
/// The management listeners: the local sockets <c>&lt;unix_socket_dir&gt;/.s.pgagroal.&lt;port&gt;</c> and <c>.s.pgagroal</c> (mode 0600, no login: the file
/// mode is the access check, as in pgagroal) and the remote <c>management</c> port (PostgreSQL login with SCRAM
/// against the admins file). Each connection carries one request and one response. Management traffic is rare,
/// so plain sockets and one task per connection are enough.
/// </summary>
public sealed class ManagementEndpoint : IAsyncDisposable
{
    private readonly IActorRef _management;
    private readonly ManagementEndpointSettings _settings;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Socket> _listeners = [];
    private readonly List<Task> _loops = [];
    private readonly List<string> _boundFiles = [];
    private readonly RemoteLogin? _login;

    private ManagementEndpoint(IActorRef management, ManagementEndpointSettings settings, ILogger logger)
    {
        _management = management;
        _settings = settings;
        _logger = logger;
        if (settings.Access is { } access)
        {
            _login = new RemoteLogin(settings.Admins, access, settings.Tls);
        }
    }

    /// <summary>The local socket's path (<c>.s.pgagroal.&lt;port&gt;</c> when the port is known), or null when there is none.</summary>
    public string? SocketPath { get; private set; }

    /// <summary>The pgagroal 2.0 name <c>.s.pgagroal</c> bound beside the per-instance one, or null.</summary>
    public string? LegacySocketPath { get; private set; }

    /// <summary>The remote port actually bound, or null when disabled.</summary>
    public int? RemotePort { get; private set; }

    public static ManagementEndpoint Start(IActorRef management, ManagementEndpointSettings settings, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(management);
        ArgumentNullException.ThrowIfNull(settings);
        var endpoint = new ManagementEndpoint(management, settings, logger);
        try
        {
            endpoint.Listen();
        }
        catch
        {
            endpoint.CloseListeners();
            throw;
        }
        return endpoint;
    }

    private void Listen()
    {
        if (_settings.UnixSocketDirectory is { Length: > 0 } directory)
        {
            // pgagroal 2.1 and HEAD look for .s.pgagroal.<port>, 2.0 for .s.pgagroal: answer on both.
            if (_settings.InstancePort is { } instancePort)
            {
                SocketPath = BindLocal(Path.Combine(directory, ManagementEndpointSettings.InstanceSocketName(instancePort)), required: true);
                LegacySocketPath = BindLocal(Path.Combine(directory, ManagementEndpointSettings.SocketName), required: false);
            }
            else
            {
                SocketPath = BindLocal(Path.Combine(directory, ManagementEndpointSettings.SocketName), required: true);
            }
        }
        if (_settings.RemotePort is { } port)
        {
            var address = ResolveAddress(_settings.Host);
            var tcp = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            _listeners.Add(tcp);
            if (address.Equals(IPAddress.IPv6Any))
            {
                tcp.DualMode = true;
            }
            tcp.Bind(new IPEndPoint(address, port));
            tcp.Listen(16);
            RemotePort = ((IPEndPoint)tcp.LocalEndPoint!).Port;
            _loops.Add(AcceptLoopAsync(tcp, remote: true));
        }
    }

    /// <summary>
    /// Binds one local socket. A file left by a crashed run is replaced, but one a live process still answers on is
    /// left alone: the shared 2.0 name may belong to another instance in the same directory.
    /// </summary>
    private string? BindLocal(string path, bool required)
    {
        if (File.Exists(path))
        {
            if (SomeoneListens(path))
            {
                if (required)
                {
                    throw new IOException($"{path} is in use by another running process");
                }
                ManagementLog.SocketInUse(_logger, path, SocketPath);
                return null;
            }
            File.Delete(path);
        }
        var local = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listeners.Add(local);
        local.Bind(new UnixDomainSocketEndPoint(path));
        _boundFiles.Add(path);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        local.Listen(16);
        _loops.Add(AcceptLoopAsync(local, remote: false));
        return path;
    }

    private static bool SomeoneListens(string path)
    {
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static IPAddress ResolveAddress(string host) => host switch
    {
        "*" or "::" => IPAddress.IPv6Any,
        "0.0.0.0" => IPAddress.Any,
        _ when string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) => IPAddress.Loopback,
        _ => IPAddress.TryParse(host, out var parsed) ? parsed : Dns.GetHostAddresses(host)[0],
    };

    private async Task AcceptLoopAsync(Socket listener, bool remote)
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket accepted;
            try
            {
                accepted = await listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException && _stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException ex)
            {
                ManagementLog.AcceptFailed(_logger, ex.Message);
                continue;
            }
            _ = ServeAsync(accepted, remote);
        }
    }

    private async Task ServeAsync(Socket socket, bool remote)
    {
        var peer = remote ? (socket.RemoteEndPoint as IPEndPoint)?.Address : null;
        var peerName = peer?.ToString() ?? "local";
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        _settings.SocketCountChanged?.Invoke(1);
        try
        {
            if (remote)
            {
                if (_login is null)
                {
                    ManagementLog.RemoteLoginWithoutHba(_logger, peerName);
                    return;
                }
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
                deadline.CancelAfter(_settings.RequestTimeout);
                var login = await _login.RunAsync(stream, peer, peerName, deadline.Token).ConfigureAwait(false);
                if (!login.Succeeded)
                {
                    ManagementLog.RemoteLoginRefused(_logger, login.User, peerName, login.Error?.Message);
                    return;
                }
                stream = login.Stream!;
            }
            await ManagementConnection.ServeAsync(stream, _management, _settings, _logger, _stopping.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or AskTimeoutException or System.Security.Authentication.AuthenticationException)
        {
            ManagementLog.ConnectionEnded(_logger, peerName, ex.Message);
        }
        finally
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            _settings.SocketCountChanged?.Invoke(-1);
        }
    }

    private void CloseListeners()
    {
        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }
        foreach (var path in _boundFiles)
        {
            if (File.Exists(path))
            {
                File.Delete(path);
            }
        }
        _boundFiles.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }
        await _stopping.CancelAsync().ConfigureAwait(false);
        CloseListeners();
        try
        {
            await Task.WhenAll(_loops).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        _stopping.Dispose();
    }
}
