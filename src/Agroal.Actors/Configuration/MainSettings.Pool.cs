namespace Agroal.Actors.Configuration;

public sealed partial record MainSettings
{
    /// <summary>How long a client waits for a slot; zero = no wait (use <see cref="MaxRetries"/>).</summary>
    public TimeSpan BlockingTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Cap of the back-off between acquire retries (1..999 ms).</summary>
    public TimeSpan ConnectionRetryDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan IdleTimeout { get; init; }

    public TimeSpan MaxConnectionAge { get; init; }

    public TimeSpan FlushTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public ValidationMode Validation { get; init; } = ValidationMode.Off;

    public TimeSpan BackgroundInterval { get; init; } = TimeSpan.FromSeconds(300);

    public int MaxRetries { get; init; } = 5;

    public PipelineMode Pipeline { get; init; } = PipelineMode.Auto;

    /// <summary>
    /// The pipeline actually used: <see cref="Pipeline"/> unless it is Auto, which picks Session when failover,
    /// TLS with a certificate or key, or disconnect_client is on, and Performance otherwise.
    /// </summary>
    public PipelineMode EffectivePipeline =>
        Pipeline != PipelineMode.Auto ? Pipeline
        : Failover || (Tls && (TlsCertFile.Length > 0 || TlsKeyFile.Length > 0)) || DisconnectClient > TimeSpan.Zero
            ? PipelineMode.Session
            : PipelineMode.Performance;

    public bool TrackPreparedStatements { get; init; }

    /// <summary>Query run when a backend returns to the pool; empty = none.</summary>
    public string ServerResetQuery { get; init; } = "DISCARD ALL";

    public bool ServerResetQueryAlways { get; init; }

    public ResetFailureBehavior ServerResetQueryBehaviorOnFailure { get; init; } = ResetFailureBehavior.Discard;

    public TimeSpan DisconnectClient { get; init; }

    public bool DisconnectClientForce { get; init; }

    public bool HealthCheck { get; init; }

    public TimeSpan HealthCheckPeriod { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan HealthCheckTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public string HealthCheckUser { get; init; } = "";

    public bool Failover { get; init; }

    public string FailoverScript { get; init; } = "";

    public string FailoverNotifyScript { get; init; } = "";
}
