using Agroal.Actors.Clients;
using Agroal.Actors.Configuration;
using Agroal.Tests.Integration.Fixtures;
using Npgsql;

namespace Agroal.Tests.Integration.Pooling;

/// <summary>server_reset_query_behavior_on_failure with a reset query PostgreSQL rejects (division by zero).</summary>
[Collection(PostgresCollection.Name)]
public sealed class ResetFailureBehaviourTests(PostgresFixture fixture)
{
    [Theory]
    [InlineData(ResetFailureBehavior.Discard, false)]
    [InlineData(ResetFailureBehavior.Try, false)]
    [InlineData(ResetFailureBehavior.Ignore, true)]
    public async Task A_failed_reset_closes_the_backend_unless_ignore_keeps_it(ResetFailureBehavior behaviour, bool reused)
    {
        await using var pooler = await PoolerHarness.StartAsync(fixture.Server, PipelineKind.Session, s => s with
        {
            ConfigureClients = o => o with { ServerResetQuery = "SELECT 1/0", ServerResetQueryBehaviorOnFailure = behaviour },
        });
        var pids = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            await using (var connection = await pooler.OpenAsync())
            {
                pids.Add(await BackendPid(connection));
            }
            await Eventually.TrueAsync(async () => (await pooler.StatusAsync()).Active == 0, "backend returned or closed");
        }
        if (reused)
        {
            Assert.All(pids, pid => Assert.Equal(pids[0], pid));
        }
        else
        {
            Assert.Equal(3, pids.Distinct().Count());
        }
    }

    private static async Task<int> BackendPid(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand("SELECT pg_backend_pid()", connection);
        return (int)(await command.ExecuteScalarAsync())!;
    }
}
