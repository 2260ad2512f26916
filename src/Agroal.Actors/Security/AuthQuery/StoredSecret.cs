using Agroal.Actors.Protocol;

namespace Agroal.Actors.Security.AuthQuery;

/// <summary>A role's password as PostgreSQL stores it (pg_authid.rolpassword): a SCRAM verifier or an md5 hash.</summary>
public sealed record StoredSecret(ScramSecret? Scram, string? Md5Hash)
{
    /// <summary>Null for no password, and for forms the pooler cannot check (plain text is never stored by PostgreSQL 10+).</summary>
    public static StoredSecret? Parse(string? value)
    {
        if (value is null)
        {
            return null;
        }
        if (ScramSecret.TryParse(value, out var scram))
        {
            return new StoredSecret(scram, null);
        }
        return Md5Password.IsStoredHash(value) ? new StoredSecret(null, value) : null;
    }

    public override string ToString() => Scram is not null ? "StoredSecret { SCRAM }" : "StoredSecret { md5 }";
}
