using Agroal.Actors.Configuration;

namespace Agroal.Actors.Metrics;

/// <summary>The Prometheus endpoint's part of the configuration (metrics, metrics_cache_*, metrics_cert/key/ca_file, console) and what its families read from it.</summary>
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

    /// <summary>PEM CA bundle: when set (with HTTPS on), a scraper must present a client certificate issued by it.</summary>
    public string? CaFile { get; init; }

    /// <summary>Certificate files the pgagroal_certificates_* families describe (main, metrics, per server).</summary>
    public IReadOnlyList<CertificateSource> Certificates { get; init; } = [];

    public ResetFailureBehavior ServerResetQueryBehaviorOnFailure { get; init; }

    /// <summary>Health probes log in (health_check_user set) rather than only connect: the auth label of pgagroal_server_health.</summary>
    public bool HealthCheckAuthenticates { get; init; }

    /// <summary>Web console port (pgagroal 2.1's <c>console</c>); 0 = off.</summary>
    public int ConsolePort { get; init; }

    public LimitTable Limits { get; init; } = LimitTable.Empty;

    public bool UsesTls => !string.IsNullOrEmpty(CertFile) && !string.IsNullOrEmpty(KeyFile);

    public bool RequiresClientCertificate => UsesTls && !string.IsNullOrEmpty(CaFile);

    /// <summary>True when the endpoint must be rebound to apply <paramref name="next"/> (TLS files, CA, cache).</summary>
    public bool EndpointDiffers(MetricsSettings next) =>
        CacheMaxAge != next.CacheMaxAge || CacheMaxSize != next.CacheMaxSize || CertFile != next.CertFile || KeyFile != next.KeyFile
        || CaFile != next.CaFile;
}
