using Agroal.Actors.Configuration;

namespace Agroal.Actors.Metrics;

/// <summary>The Prometheus endpoint's part of the configuration (metrics, metrics_cache_*, metrics_cert_file/key_file).</summary>
public sealed record MetricsSettings
{
    /// <summary>Largest response pgagroal keeps in its cache, whatever metrics_cache_max_size says.</summary>
    public const long CacheSizeCap = 1024 * 1024;

    /// <summary>Address to listen on, as the main <c>host</c>: an IP address, a host name, or "*".</summary>
    public required string Host { get; init; }

    /// <summary>TCP port; 0 picks a free one (tests).</summary>
    public required int Port { get; init; }

    /// <summary>Serve the last /metrics response this long; zero turns the cache off.</summary>
    public TimeSpan CacheMaxAge { get; init; }

    /// <summary>A response longer than this (capped at <see cref="CacheSizeCap"/>) is not cached.</summary>
    public long CacheMaxSize { get; init; } = 256 * 1024;

    /// <summary>PEM certificate; with <see cref="KeyFile"/> it turns HTTPS on.</summary>
    public string? CertFile { get; init; }

    public string? KeyFile { get; init; }

    public LimitTable Limits { get; init; } = LimitTable.Empty;

    public bool UsesTls => !string.IsNullOrEmpty(CertFile) && !string.IsNullOrEmpty(KeyFile);
}
