namespace Agroal.Actors.Configuration;

public sealed partial record MainSettings
{
    public bool AllowUnknownUsers { get; init; } = true;

    public TimeSpan AuthenticationTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public bool AuthQuery { get; init; }

    public TimeSpan RotateFrontendPasswordTimeout { get; init; }

    public int RotateFrontendPasswordLength { get; init; } = 8;

    /// <summary>Client-side TLS.</summary>
    public bool Tls { get; init; }

    public string TlsCertFile { get; init; } = "";

    public string TlsKeyFile { get; init; } = "";

    public string TlsCaFile { get; init; } = "";
}
