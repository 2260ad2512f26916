namespace Agroal.Actors.Protocol;

/// <summary>The int32 that follows the 'R' tag. The pooler speaks Ok, cleartext, MD5 and SASL (SCRAM).</summary>
public enum AuthenticationCode
{
    /// <summary>Not a code: the payload was shorter than 4 bytes.</summary>
    Malformed = -1,
    Ok = 0,
    KerberosV5 = 2,
    CleartextPassword = 3,
    Md5Password = 5,
    ScmCredential = 6,
    Gss = 7,
    GssContinue = 8,
    Sspi = 9,
    Sasl = 10,
    SaslContinue = 11,
    SaslFinal = 12,
}
