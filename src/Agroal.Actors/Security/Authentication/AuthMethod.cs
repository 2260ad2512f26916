namespace Agroal.Actors.Security.Authentication;

/// <summary>How a client proves who it is, as named in the METHOD column of pgagroal_hba.conf.</summary>
public enum AuthMethod
{
    Trust,
    Reject,
    Password,
    Md5,
    ScramSha256,

    /// <summary>pgagroal's "all": whatever the server would ask; with a known password the pooler uses SCRAM-SHA-256.</summary>
    All,
}
