namespace Agroal.Actors.Configuration;

/// <summary>METHOD column of pgagroal_hba.conf.</summary>
public enum HbaMethod
{
    Trust,
    Reject,
    Password,
    Md5,
    ScramSha256,

    /// <summary>Use whatever method the backend asks for.</summary>
    All,
}
