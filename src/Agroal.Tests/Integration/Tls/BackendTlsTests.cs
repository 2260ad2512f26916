using Agroal.Actors.Security.Tls;
using Agroal.Tests.Integration.Auth;
using Agroal.Tests.Integration.Fixtures;
using Agroal.Tests.Security.Tls;
using F = Agroal.Tests.Integration.Auth.SecurityPostgresFixture;

namespace Agroal.Tests.Integration.Tls;

/// <summary>The pooler's own connections to PostgreSQL over TLS ([server] tls = on): verified, and pooled like any other.</summary>
[Collection(SecurityCollection.Name)]
public sealed class BackendTlsTests(SecurityPostgresFixture fixture) : IDisposable
{
    private readonly TempDirectory _directory = TempDirectory.Create("/tmp/agroal-tls");

    public void Dispose() => _directory.Dispose();

    /// <summary>The pooler's copy of a CA file (the server's own copy belongs to the postgres OS user).</summary>
    private BackendTlsContext Context(string caFile)
    {
        var copy = _directory.Combine(Guid.NewGuid().ToString("N") + ".crt");
        File.Copy(caFile, copy);
        Assert.True(BackendTlsContext.TryLoad(new TlsFiles("", "", copy), out var context, out var error), error);
        return context!;
    }

    [Fact]
    public async Task Backend_runs_over_tls_and_is_reused_from_the_pool()
    {
        var options = new SecurityPoolerOptions
        {
            Users = new Dictionary<string, string> { [F.ScramUser] = F.Password },
            BackendTls = Context(fixture.Server.CertificateAuthority!.CaFile),
        };
        await using var pooler = await SecurityPooler.StartAsync(fixture.Server, options);
        int firstPid;
        await using (var first = await pooler.OpenAsync(F.ScramUser, F.Password))
        {
            Assert.True(await SecurityPooler.ScalarAsync<bool>(first, "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"));
            firstPid = await SecurityPooler.ScalarAsync<int>(first, "SELECT pg_backend_pid()");
        }
        await pooler.IdleAsync();
        await using var second = await pooler.OpenAsync(F.ScramUser, F.Password);
        Assert.Equal(firstPid, await SecurityPooler.ScalarAsync<int>(second, "SELECT pg_backend_pid()"));
        Assert.True(await SecurityPooler.ScalarAsync<bool>(second, "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"));
    }

    [Fact]
    public async Task Server_certificate_from_another_ca_is_refused()
    {
        using var directory = TempDirectory.Create("/tmp/agroal-tls-other");
        var stranger = TestCertificateAuthority.Create(directory.Path, "Other CA");
        var options = new SecurityPoolerOptions
        {
            Users = new Dictionary<string, string> { [F.ScramUser] = F.Password },
            BackendTls = Context(stranger.CaFile),
        };
        await using var pooler = await SecurityPooler.StartAsync(fixture.Server, options);
        var error = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => pooler.OpenAsync(F.ScramUser, F.Password));
        Assert.Equal(Agroal.Actors.Errors.PoolerErrors.ServerUnreachable("s", "r").SqlState, error.SqlState);
    }
}
