namespace Agroal.Actors.Management.Client;

/// <summary>Why a management exchange gave no document; pgagroal-cli exits 1 for all of them.</summary>
public enum ManagementFailure
{
    None,

    /// <summary>Could not connect, or the connection broke.</summary>
    Connection,

    /// <summary>The remote login was refused (HBA, unknown admin, wrong password).</summary>
    Authentication,

    /// <summary>The answer was not a management document.</summary>
    Protocol,

    Timeout,
}
