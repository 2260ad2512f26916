namespace Agroal.Tests.Integration.Auth;

/// <summary>Pass-through, auth_query and TLS tests share one TLS-enabled PostgreSQL.</summary>
[CollectionDefinition(Name)]
public sealed class SecurityCollection : ICollectionFixture<SecurityPostgresFixture>
{
    public const string Name = "postgres-security";
}
