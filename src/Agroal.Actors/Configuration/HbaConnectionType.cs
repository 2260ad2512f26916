namespace Agroal.Actors.Configuration;

/// <summary>TYPE column of pgagroal_hba.conf.</summary>
public enum HbaConnectionType
{
    /// <summary><c>host</c>: plain or TLS.</summary>
    Host,

    /// <summary><c>hostssl</c>: TLS only.</summary>
    HostSsl,
}
