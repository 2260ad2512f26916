namespace Agroal.Actors.Security.AuthQuery;

/// <summary>The one entry of pgagroal_superuser.conf (<c>-S</c>): the role auth_query logs in as.</summary>
public sealed record SuperuserCredential(string User, string Password)
{
    public override string ToString() => $"SuperuserCredential {{ User = {User} }}";
}
