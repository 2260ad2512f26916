namespace Agroal.Tests.Integration.Fixtures;

/// <summary>Test classes marked <c>[Collection("postgres")]</c> share one <see cref="PostgresFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgres";
}
