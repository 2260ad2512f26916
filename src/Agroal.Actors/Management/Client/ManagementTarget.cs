namespace Agroal.Actors.Management.Client;

/// <summary>Where to send a request: the local socket, or a remote management port with admin credentials.</summary>
public sealed record ManagementTarget
{
    public string? SocketPath { get; init; }

    public string? Host { get; init; }

    public int Port { get; init; }

    public string User { get; init; } = "";

    public string Password { get; init; } = "";

    public bool IsRemote => Host is not null;

    public static ManagementTarget Local(string socketPath) => new() { SocketPath = socketPath };

    public static ManagementTarget Remote(string host, int port, string user, string password) =>
        new() { Host = host, Port = port, User = user, Password = password };

    public override string ToString() => IsRemote ? $"{Host}:{Port}" : SocketPath ?? "(nowhere)";
}
