namespace Agroal.Tests.Faults;

/// <summary>
/// The fault-injection cases restart, stop and freeze their PostgreSQL: they share one cluster of their own, never
/// the "postgres" collection's, and run one at a time.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultCollection : ICollectionFixture<FaultPostgresFixture>
{
    public const string Name = "faults";
}
