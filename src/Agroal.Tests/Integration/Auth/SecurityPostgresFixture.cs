using Agroal.Tests.Integration.Fixtures;

namespace Agroal.Tests.Integration.Auth;

/// <summary>
/// One PostgreSQL with TLS on and roles for every login kind the security tests need: md5 and cleartext methods
/// through pg_hba lines, SCRAM roles, and a superuser with a password for auth_query.
/// </summary>
public sealed class SecurityPostgresFixture : IAsyncLifetime
{
    public const string Md5User = "pt_md5";
    public const string CleartextUser = "pt_clear";
    public const string ScramUser = "pt_scram";
    public const string AuthQuerySuperuser = "aq_super";
    public const string AuthQueryScramUser = "aq_scram";
    public const string AuthQueryMd5User = "aq_md5";
    public const string QuotedUser = "aq_it's";
    public const string Password = "S3cret-pw";

    private PostgresServer? _server;

    public PostgresServer Server => _server ?? throw new InvalidOperationException("the fixture is not initialised");

    public async Task InitializeAsync()
    {
        _server = await PostgresServer.StartAsync(new PostgresServerOptions
        {
            Ssl = true,
            MaxConnections = 60,
            ExtraHbaLines =
            [
                $"host all {Md5User} 127.0.0.1/32 md5",
                $"host all {AuthQueryMd5User} 127.0.0.1/32 md5",
                $"host all {CleartextUser} 127.0.0.1/32 password",
            ],
        });
        await _server.CreateRoleAsync(Md5User, Password, md5: true);
        await _server.CreateRoleAsync(CleartextUser, Password);
        await _server.CreateRoleAsync(ScramUser, Password);
        await _server.CreateRoleAsync(AuthQuerySuperuser, Password, superuser: true);
        await _server.CreateRoleAsync(AuthQueryScramUser, Password);
        await _server.CreateRoleAsync(AuthQueryMd5User, Password, md5: true);
        await _server.CreateRoleAsync(QuotedUser, Password);
        await _server.ExecuteScalarAsync($"GRANT CONNECT ON DATABASE {_server.Database} TO PUBLIC");
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
