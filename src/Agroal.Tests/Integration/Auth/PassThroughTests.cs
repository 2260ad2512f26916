using Agroal.Tests.Integration.Pooling;
using Npgsql;
using F = Agroal.Tests.Integration.Auth.SecurityPostgresFixture;

namespace Agroal.Tests.Integration.Auth;

/// <summary>allow_unknown_users with no users file: the server authenticates the client through the pooler.</summary>
[Collection(SecurityCollection.Name)]
public sealed class PassThroughTests(SecurityPostgresFixture fixture) : IAsyncLifetime
{
    private SecurityPooler _pooler = null!;

    public async Task InitializeAsync() => _pooler = await SecurityPooler.StartAsync(fixture.Server, new SecurityPoolerOptions());

    public async Task DisposeAsync() => await _pooler.DisposeAsync();

    [Theory]
    [InlineData(F.Md5User)]
    [InlineData(F.ScramUser)]
    [InlineData(F.CleartextUser)]
    public async Task Unknown_user_logs_in_through_the_servers_own_authentication(string user)
    {
        await using var connection = await _pooler.OpenAsync(user, F.Password);
        Assert.Equal(user, await SecurityPooler.ScalarAsync<string>(connection, "SELECT current_user::text"));
    }

    [Theory]
    [InlineData(F.Md5User)]
    [InlineData(F.ScramUser)]
    public async Task Wrong_password_gets_the_servers_refusal(string user)
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() => _pooler.OpenAsync(user, "wrong"));
        Assert.Equal("28P01", error.SqlState);
        Assert.Contains($"password authentication failed for user \"{user}\"", error.MessageText);
        await _pooler.IdleAsync();
        Assert.Equal(0, (await _pooler.StatusAsync()).Total);
    }

    [Theory]
    [InlineData(F.Md5User)]
    [InlineData(F.CleartextUser)]
    public async Task Replayable_backend_is_reused_by_the_next_client_of_the_same_user(string user)
    {
        var firstPid = await BackendPidAsync(user, F.Password);
        await _pooler.IdleAsync();
        var secondPid = await BackendPidAsync(user, F.Password);
        Assert.Equal(firstPid, secondPid);
        Assert.Equal(1, (await _pooler.StatusAsync()).Total);
    }

    [Fact]
    public async Task Reused_md5_backend_refuses_a_client_with_the_wrong_password()
    {
        await BackendPidAsync(F.Md5User, F.Password);
        await _pooler.IdleAsync();
        var error = await Assert.ThrowsAsync<PostgresException>(() => _pooler.OpenAsync(F.Md5User, "wrong"));
        Assert.Equal("28P01", error.SqlState);
        await _pooler.IdleAsync();
        var status = await _pooler.StatusAsync();
        Assert.Equal(1, status.Total);
    }

    [Fact]
    public async Task Scram_backend_is_closed_at_session_end_not_reused()
    {
        var firstPid = await BackendPidAsync(F.ScramUser, F.Password);
        await Eventually.TrueAsync(async () => (await _pooler.StatusAsync()).Total == 0, "SCRAM pass-through backend closed");
        var secondPid = await BackendPidAsync(F.ScramUser, F.Password);
        Assert.NotEqual(firstPid, secondPid);
    }

    [Fact]
    public async Task Without_allow_unknown_users_an_unknown_user_is_refused()
    {
        await using var strict = await SecurityPooler.StartAsync(fixture.Server, new SecurityPoolerOptions { AllowUnknownUsers = false });
        var error = await Assert.ThrowsAsync<PostgresException>(() => strict.OpenAsync(F.Md5User, F.Password));
        Assert.Equal("28P01", error.SqlState);
        Assert.Equal(0, (await strict.StatusAsync()).Total);
    }

    private async Task<int> BackendPidAsync(string user, string password)
    {
        await using var connection = await _pooler.OpenAsync(user, password);
        return await SecurityPooler.ScalarAsync<int>(connection, "SELECT pg_backend_pid()");
    }
}
