using Agroal.Actors.Management.Wire;
using Agroal.Actors.Security.Vault;

namespace Agroal.Actors.Management.Client;

/// <summary>
/// Where to send a request: the local socket, or a remote management port with admin credentials; and how the
/// messages travel (compression, encryption with the master key, TLS on the remote port).
/// </summary>
public sealed record ManagementTarget
{
    public string? SocketPath { get; init; }

    /// <summary>Tried when <see cref="SocketPath"/> is not there: pgagroal 2.0's shared <c>.s.pgagroal</c>.</summary>
    public string? FallbackSocketPath { get; init; }

    public string? Host { get; init; }

    public int Port { get; init; }

    public string User { get; init; } = "";

    public string Password { get; init; } = "";

    public ManagementCompression Compression { get; init; }

    public ManagementEncryption Encryption { get; init; }

    /// <summary>The master key for <see cref="Encryption"/>; read only when a message is encrypted.</summary>
    public Func<VaultResult<MasterKey>>? MasterKey { get; init; }

    /// <summary>TLS for the remote port (pgagroal-cli's ~/.pgagroal files); null stays plain.</summary>
    public ManagementClientTls? Tls { get; init; }

    public bool IsRemote => Host is not null;

    public static ManagementTarget Local(string socketPath, string? fallbackSocketPath = null) =>
        new() { SocketPath = socketPath, FallbackSocketPath = fallbackSocketPath };

    public static ManagementTarget Remote(string host, int port, string user, string password) =>
        new() { Host = host, Port = port, User = user, Password = password };

    public override string ToString() => IsRemote ? $"{Host}:{Port}" : SocketPath ?? "(nowhere)";
}
