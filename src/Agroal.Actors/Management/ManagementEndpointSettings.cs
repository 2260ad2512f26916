using Agroal.Actors.Management.Remote;
using Agroal.Actors.Security.Authentication;

namespace Agroal.Actors.Management;

/// <summary>Where the management endpoint listens and whom the remote port lets in.</summary>
public sealed record ManagementEndpointSettings
{
    /// <summary>pgagroal 2.0's name of the local management socket inside unix_socket_dir.</summary>
    public const string SocketName = ".s.pgagroal";

    /// <summary>Directory of the local sockets (mode 0600); null for none.</summary>
    public string? UnixSocketDirectory { get; init; }

    /// <summary>
    /// The pooler's <c>port</c>: pgagroal 2.1 names its socket per instance, <c>.s.pgagroal.&lt;port&gt;</c>. With a port both
    /// that name and the 2.0 name are bound; without one only the 2.0 name.
    /// </summary>
    public int? InstancePort { get; init; }

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

    /// <summary>The master key that encrypts management messages (-E); null refuses encrypted requests.</summary>
    public Func<Security.Vault.VaultResult<Security.Vault.MasterKey>>? MasterKey { get; init; }

    /// <summary>pgagroal 2.1's per-instance socket name.</summary>
    public static string InstanceSocketName(int port) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{SocketName}.{port}");
}
