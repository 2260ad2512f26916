namespace Agroal.Actors.Pool;

/// <summary>A PostgreSQL server the pool may dial: a <c>[server]</c> section of pgagroal.conf.</summary>
/// <param name="Host">Host name or address; a leading '/' names the directory of a Unix socket.</param>
public sealed record ServerEndpoint(string Name, string Host, int Port, bool PrimaryHint)
{
    /// <summary>TLS towards this server (<c>tls = on</c>); null for plaintext.</summary>
    public Security.Tls.BackendTlsContext? Tls { get; init; }

    /// <summary>SCRAM channel binding towards this server (<c>channel_binding</c>); binding needs <see cref="Tls"/>.</summary>
    public Configuration.ChannelBindingMode ChannelBinding { get; init; } = Configuration.ChannelBindingMode.Prefer;

    public bool IsUnixSocket => Host.StartsWith('/');

    public string UnixSocketPath => Path.Combine(Host, $".s.PGSQL.{Port}");

    public override string ToString() => IsUnixSocket ? $"{Name} ({UnixSocketPath})" : $"{Name} ({Host}:{Port})";
}
