namespace Agroal.Actors.Configuration;

/// <summary>One PostgreSQL server section (<c>[name]</c>) of pgagroal.conf.</summary>
public sealed record ServerSettings
{
    public required string Name { get; init; }

    /// <summary>Host name or address; a leading <c>/</c> means a Unix socket directory.</summary>
    public string Host { get; init; } = "";

    public int Port { get; init; }

    /// <summary>Hint that this server starts as the primary.</summary>
    public bool Primary { get; init; }

    /// <summary>TLS towards this backend.</summary>
    public bool Tls { get; init; }

    public string TlsCertFile { get; init; } = "";

    public string TlsKeyFile { get; init; } = "";

    public string TlsCaFile { get; init; } = "";

    public ChannelBindingMode ChannelBinding { get; init; } = ChannelBindingMode.Prefer;

    /// <summary>True when <see cref="Host"/> names a Unix socket directory.</summary>
    public bool IsUnixSocket => Host.StartsWith('/');
}
