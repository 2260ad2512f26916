using Agroal.Actors.Configuration;
using Agroal.Actors.Pool;
using Agroal.Actors.Pool.Backend;
using Agroal.Actors.Security.Tls;
using Agroal.Tests.Integration.Auth;
using Agroal.Tests.Integration.Fixtures;
using F = Agroal.Tests.Integration.Auth.SecurityPostgresFixture;

namespace Agroal.Tests.Integration.Tls;

/// <summary>
/// channel_binding towards a TLS PostgreSQL 15 with scram-sha-256: the pooler binds to the server certificate
/// (SCRAM-SHA-256-PLUS, tls-server-end-point), which PostgreSQL checks, and require refuses every login that cannot bind.
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class BackendChannelBindingTests(SecurityPostgresFixture fixture) : IDisposable
{
    private static readonly TimeSpan LoginTimeout = TimeSpan.FromSeconds(20);
    private readonly TempDirectory _directory = TempDirectory.Create("/tmp/agroal-cbind");

    public void Dispose() => _directory.Dispose();

    private BackendTlsContext Tls()
    {
        var copy = _directory.Combine(Guid.NewGuid().ToString("N") + ".crt");
        File.Copy(fixture.Server.CertificateAuthority!.CaFile, copy);
        Assert.True(BackendTlsContext.TryLoad(new TlsFiles("", "", copy), out var context, out var error), error);
        return context!;
    }

    private ServerEndpoint Endpoint(ChannelBindingMode mode, bool tls) =>
        new("primary", fixture.Server.Host, fixture.Server.Port, PrimaryHint: true) { Tls = tls ? Tls() : null, ChannelBinding = mode };

    private async Task<(string? Method, bool? Ssl, string? Error)> LoginAsync(ChannelBindingMode mode, bool tls, string user = F.ScramUser)
    {
        using var connector = new BackendConnector(TimeProvider.System);
        var login = await connector.ConnectAsync(Endpoint(mode, tls), new BackendLogin(new PoolKey(user, fixture.Server.Database, ""), F.Password),
            LoginTimeout, CancellationToken.None);
        if (login.Connection is not { } connection)
        {
            return (null, null, login.Error!.Message + " " + login.Error.Detail);
        }
        await using (connection)
        {
            var (outcome, value) = await BackendQueryRunner.RunScalarAsync(connection, "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
                LoginTimeout, CancellationToken.None);
            Assert.True(outcome.Healthy);
            return (connection.AuthenticationMethod, value == "t", null);
        }
    }

    [Theory]
    [InlineData(ChannelBindingMode.Require)]
    [InlineData(ChannelBindingMode.Prefer)]
    public async Task Over_tls_the_pooler_binds_with_scram_sha_256_plus_and_postgres_accepts_the_binding(ChannelBindingMode mode)
    {
        var (method, ssl, error) = await LoginAsync(mode, tls: true);

        Assert.Null(error);
        Assert.Equal("SCRAM-SHA-256-PLUS", method);
        Assert.True(ssl);
    }

    [Fact]
    public async Task Disabled_logs_in_over_tls_without_binding()
    {
        var (method, ssl, error) = await LoginAsync(ChannelBindingMode.Disabled, tls: true);

        Assert.Null(error);
        Assert.Equal("SCRAM-SHA-256", method);
        Assert.True(ssl);
    }

    [Fact]
    public async Task Prefer_without_tls_logs_in_with_plain_scram()
    {
        var (method, ssl, error) = await LoginAsync(ChannelBindingMode.Prefer, tls: false);

        Assert.Null(error);
        Assert.Equal("SCRAM-SHA-256", method);
        Assert.False(ssl);
    }

    [Fact]
    public async Task Require_refuses_a_server_that_offers_scram_without_plus()
    {
        // Without TLS PostgreSQL offers SCRAM-SHA-256 only.
        var (method, _, error) = await LoginAsync(ChannelBindingMode.Require, tls: false);

        Assert.Null(method);
        Assert.Contains("channel binding required but unavailable for server primary", error, StringComparison.Ordinal);
        Assert.Contains("does not use TLS", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Require_refuses_a_server_that_asks_for_md5()
    {
        var (method, _, error) = await LoginAsync(ChannelBindingMode.Require, tls: true, user: F.Md5User);

        Assert.Null(method);
        Assert.Contains("asks for md5, not SCRAM-SHA-256-PLUS", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Through_the_pooler_a_client_is_served_by_a_bound_tls_backend_and_a_refused_login_reaches_the_client_with_28000()
    {
        var options = new SecurityPoolerOptions
        {
            Users = new Dictionary<string, string> { [F.ScramUser] = F.Password, [F.Md5User] = F.Password },
            BackendTls = Tls(),
            ChannelBinding = ChannelBindingMode.Require,
        };
        await using var pooler = await SecurityPooler.StartAsync(fixture.Server, options);
        await using (var client = await pooler.OpenAsync(F.ScramUser, F.Password))
        {
            Assert.True(await SecurityPooler.ScalarAsync<bool>(client, "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"));
        }

        var refused = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => pooler.OpenAsync(F.Md5User, F.Password));
        Assert.Equal("28000", refused.SqlState);
        Assert.Contains("channel binding required", refused.MessageText, StringComparison.Ordinal);
    }
}
