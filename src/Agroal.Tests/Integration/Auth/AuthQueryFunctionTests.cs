using Agroal.Actors.Security.AuthQuery;
using Npgsql;
using F = Agroal.Tests.Integration.Auth.SecurityPostgresFixture;

namespace Agroal.Tests.Integration.Auth;

/// <summary>
/// auth_query through pgagroal's documented <c>public.pgagroal_get_password(name)</c> SECURITY DEFINER function: a role
/// without superuser rights looks secrets up where the function is installed; where it is missing the lookup falls back
/// to pg_shadow, which only a superuser may read.
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class AuthQueryFunctionTests(SecurityPostgresFixture fixture) : IAsyncLifetime
{
    private const string FunctionDatabase = "aq_fn";
    private const string DefinerRole = "aq_definer";

    public async Task InitializeAsync()
    {
        var server = fixture.Server;
        if (await server.ExecuteScalarAsync($"SELECT count(*) FROM pg_roles WHERE rolname = '{DefinerRole}'") == "0")
        {
            await server.CreateRoleAsync(DefinerRole, F.Password);
        }
        if (await server.ExecuteScalarAsync($"SELECT count(*) FROM pg_database WHERE datname = '{FunctionDatabase}'") == "0")
        {
            await server.CreateDatabaseAsync(FunctionDatabase, server.User);
            // The function as pgagroal's security documentation defines it, executable by the auth_query role only.
            await server.ExecuteScalarAsync(
                "CREATE FUNCTION public.pgagroal_get_password(IN p_user name, OUT p_password text) RETURNS text " +
                "LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog AS $$SELECT passwd FROM pg_shadow WHERE usename = p_user$$; " +
                "REVOKE EXECUTE ON FUNCTION public.pgagroal_get_password(name) FROM PUBLIC; " +
                $"GRANT EXECUTE ON FUNCTION public.pgagroal_get_password(name) TO {DefinerRole}; SELECT 1", FunctionDatabase);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<SecurityPooler> StartAsync(string authQueryRole) => SecurityPooler.StartAsync(fixture.Server, new SecurityPoolerOptions
    {
        AuthQuery = true,
        AllowUnknownUsers = false,
        Superuser = new SuperuserCredential(authQueryRole, F.Password),
    });

    [Fact]
    public async Task A_role_without_superuser_rights_looks_the_secret_up_through_pgagroal_get_password()
    {
        await using var pooler = await StartAsync(DefinerRole);
        var builder = pooler.Builder(F.AuthQueryScramUser, F.Password);
        builder.Database = FunctionDatabase;

        await using var connection = await pooler.OpenAsync(builder);

        Assert.Equal(F.AuthQueryScramUser, await SecurityPooler.ScalarAsync<string>(connection, "SELECT current_user::text"));
        Assert.Equal(FunctionDatabase, await SecurityPooler.ScalarAsync<string>(connection, "SELECT current_database()::text"));
    }

    [Fact]
    public async Task A_wrong_password_is_still_refused_through_the_function()
    {
        await using var pooler = await StartAsync(DefinerRole);
        var builder = pooler.Builder(F.AuthQueryScramUser, "wrong");
        builder.Database = FunctionDatabase;

        var error = await Assert.ThrowsAsync<PostgresException>(() => pooler.OpenAsync(builder));
        Assert.Equal("28P01", error.SqlState);
    }

    [Fact]
    public async Task Where_the_function_is_missing_a_superuser_falls_back_to_pg_shadow()
    {
        await using var pooler = await StartAsync(F.AuthQuerySuperuser);

        await using var connection = await pooler.OpenAsync(F.AuthQueryScramUser, F.Password);

        Assert.Equal(F.AuthQueryScramUser, await SecurityPooler.ScalarAsync<string>(connection, "SELECT current_user::text"));
    }

    [Fact]
    public async Task Where_the_function_is_missing_a_role_without_rights_gets_the_pg_shadow_refusal()
    {
        await using var pooler = await StartAsync(DefinerRole);

        var error = await Assert.ThrowsAsync<PostgresException>(() => pooler.OpenAsync(F.AuthQueryScramUser, F.Password));

        Assert.Equal("42501", error.SqlState);
        Assert.Contains("auth_query failed (pg_shadow): permission denied", error.MessageText, StringComparison.Ordinal);
    }
}
