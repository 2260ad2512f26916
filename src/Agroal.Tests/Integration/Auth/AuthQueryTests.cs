using Agroal.Actors.Security.AuthQuery;
using Npgsql;
using F = Agroal.Tests.Integration.Auth.SecurityPostgresFixture;

namespace Agroal.Tests.Integration.Auth;

/// <summary>auth_query with only the superuser file: no users file, no plaintext password anywhere in the pooler.</summary>
[Collection(SecurityCollection.Name)]
public sealed class AuthQueryTests(SecurityPostgresFixture fixture) : IAsyncLifetime
{
    private SecurityPooler _pooler = null!;

    public async Task InitializeAsync() => _pooler = await SecurityPooler.StartAsync(fixture.Server, new SecurityPoolerOptions
    {
        AuthQuery = true,
        AllowUnknownUsers = false,
        // md5 lines let an md5-stored role in with md5 while SCRAM-stored roles still get SCRAM, as in PostgreSQL.
        Access = new Pooling.StaticAccessPolicy(Agroal.Actors.Configuration.HbaMethod.Md5),
        Superuser = new SuperuserCredential(F.AuthQuerySuperuser, F.Password),
    });

    public async Task DisposeAsync() => await _pooler.DisposeAsync();

    [Theory]
    [InlineData(F.AuthQueryScramUser)]
    [InlineData(F.AuthQueryMd5User)]
    [InlineData(F.QuotedUser)]
    public async Task User_checked_against_the_stored_secret_logs_in(string user)
    {
        await using var connection = await _pooler.OpenAsync(user, F.Password);
        Assert.Equal(user, await SecurityPooler.ScalarAsync<string>(connection, "SELECT current_user::text"));
    }

    [Fact]
    public async Task Wrong_password_is_refused_by_the_pooler()
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() => _pooler.OpenAsync(F.AuthQueryScramUser, "wrong"));
        Assert.Equal("28P01", error.SqlState);
        Assert.Equal(0, (await _pooler.StatusAsync()).Total);
    }

    [Fact]
    public async Task Unknown_role_is_refused()
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() => _pooler.OpenAsync("aq_nobody' OR '1'='1", F.Password));
        Assert.Equal("28P01", error.SqlState);
    }

    [Fact]
    public async Task Server_asking_for_a_cleartext_password_is_refused_not_handed_to_the_client()
    {
        // pt_clear's pg_hba line says "password": recovered SCRAM keys cannot answer that, and the client must not see it.
        var error = await Assert.ThrowsAsync<PostgresException>(() => _pooler.OpenAsync(F.CleartextUser, F.Password));
        Assert.Equal("28000", error.SqlState);
        Assert.Contains("unsupported security model", error.MessageText);
    }

    [Fact]
    public async Task Scram_backend_is_reused_by_a_second_client_of_the_same_user()
    {
        int firstPid;
        await using (var first = await _pooler.OpenAsync(F.AuthQueryScramUser, F.Password))
        {
            firstPid = await SecurityPooler.ScalarAsync<int>(first, "SELECT pg_backend_pid()");
        }
        await _pooler.IdleAsync();
        await using var second = await _pooler.OpenAsync(F.AuthQueryScramUser, F.Password);
        Assert.Equal(firstPid, await SecurityPooler.ScalarAsync<int>(second, "SELECT pg_backend_pid()"));
        Assert.Equal(1, (await _pooler.StatusAsync()).Total);
    }

    [Fact]
    public async Task Recovered_keys_let_the_pool_open_more_backends_for_the_user()
    {
        await using var first = await _pooler.OpenAsync(F.AuthQueryScramUser, F.Password);
        await using var second = await _pooler.OpenAsync(F.AuthQueryScramUser, F.Password);
        var pids = new[]
        {
            await SecurityPooler.ScalarAsync<int>(first, "SELECT pg_backend_pid()"),
            await SecurityPooler.ScalarAsync<int>(second, "SELECT pg_backend_pid()"),
        };
        Assert.NotEqual(pids[0], pids[1]);
        Assert.Equal(2, (await _pooler.StatusAsync()).Total);
    }
}
