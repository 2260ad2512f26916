namespace Agroal.Tests.Security.Vault;

/// <summary>Tests that use the shared <see cref="VaultFixture"/> key (vault and CLI tests).</summary>
[CollectionDefinition(Name)]
public sealed class VaultCollection : ICollectionFixture<VaultFixture>
{
    public const string Name = "vault";
}
