using Agroal.Actors.Management.Remote;
using Agroal.Actors.Security.Authentication;

namespace Agroal.Actors.Management;

/// <summary>Where the management endpoint listens and whom the remote port lets in.</summary>
public sealed record ManagementEndpointSettings
{
    /// <summary>The name of pgagroal's local management socket inside unix_socket_dir.</summary>
    public const string SocketName = ".s.pgagroal";

    /// <summary>Directory of the local socket <c>.s.pgagroal</c> (mode 0600); null for none.</summary>
    public string? UnixSocketDirectory { get; init; }

    /// <summary>Address of the remote port: an IP address, a host name, or "*" for every interface.</summary>
    public string Host { get; init; } = "localhost";

    /// <summary>The <c>management</c> port; null disables it, 0 picks a free one (tests).</summary>
    public int? RemotePort { get; init; }

    public AdminCredentials Admins { get; init; } = AdminCredentials.None;

    /// <summary>HBA for the remote port (database <c>admin</c>); null refuses every remote login.</summary>
    public IAccessPolicy? Access { get; init; }

    /// <summary>TLS for the remote port, supplied by the TLS component; null answers SSLRequest with 'N'.</summary>
    public ManagementTlsUpgrade? Tls { get; init; }

    /// <summary>Time allowed to log in and send the request (pgagroal's authentication_timeout).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a connection waits for the command to run.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public int MaxPayload { get; init; } = Wire.ManagementFrame.DefaultMaxPayload;

    /// <summary>Told +1 when a management connection is accepted and -1 when it ends (pgagroal_self_sockets).</summary>
    public Action<int>? SocketCountChanged { get; init; }
}
