using System.Globalization;
using Agroal.Actors.Configuration;
using Agroal.Actors.Security.Hba;
using Agroal.Actors.Security.Tls;
using Agroal.Tests.Integration.Auth;
using Agroal.Tests.Integration.Fixtures;
using Agroal.Tests.Security.Tls;
using Npgsql;
using F = Agroal.Tests.Integration.Auth.SecurityPostgresFixture;

namespace Agroal.Tests.Integration.Tls;

/// <summary>Clients reaching the pooler over TLS: verify-full, SCRAM-SHA-256-PLUS, hostssl, client certificates.</summary>
[Collection(SecurityCollection.Name)]
public sealed class ClientTlsTests(SecurityPostgresFixture fixture) : IDisposable
{
    private readonly TempDirectory _directory = TempDirectory.Create("/tmp/agroal-tls");

    public void Dispose() => _directory.Dispose();

    private (TestCertificateAuthority Authority, ClientTlsContext Context) PoolerCertificate(bool requireClientCertificates)
    {
        var authority = TestCertificateAuthority.Create(_directory.Path);
        var server = authority.IssueServer("pooler");
        var files = new TlsFiles(server.CertificateFile, server.KeyFile, requireClientCertificates ? authority.CaFile : "");
        Assert.True(ClientTlsContext.TryLoad(files, out var context, out var error), error);
        return (authority, context!);
    }

    private SecurityPoolerOptions KnownUser(ClientTlsContext tls) => new()
    {
        Users = new Dictionary<string, string> { [F.ScramUser] = F.Password },
        AllowUnknownUsers = false,
        ClientTls = tls,
    };

    [Fact]
    public async Task Psql_with_verify_full_runs_over_tls()
    {
        var (authority, tls) = PoolerCertificate(requireClientCertificates: false);
        await using var pooler = await SecurityPooler.StartAsync(fixture.Server, KnownUser(tls));
        var env = new Dictionary<string, string>
        {
            ["PGPASSWORD"] = F.Password,
            ["PGSSLMODE"] = "verify-full",
            ["PGSSLROOTCERT"] = authority.CaFile,
            ["PGCONNECT_TIMEOUT"] = "15",
        };
        var result = await ProcessRunner.RunAsync(Psql.FindTool("psql"),
            ["-AtX", "-h", "127.0.0.1", "-p", pooler.Port.ToString(CultureInfo.InvariantCulture), "-U", F.ScramUser, "-d", fixture.Server.Database,
             "-c", "SELECT 40 + 2", "-c", "\\conninfo"],
            env, TimeSpan.FromSeconds(30));
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("42", result.Output);
        Assert.Contains("SSL connection", result.Output);
    }

    [Fact]
    public async Task Npgsql_scram_sha_256_plus_binds_to_the_poolers_certificate()
    {
        var (authority, tls) = PoolerCertificate(requireClientCertificates: false);
        await using var pooler = await SecurityPooler.StartAsync(fixture.Server, KnownUser(tls));
        var builder = pooler.Builder(F.ScramUser, F.Password);
        builder.SslMode = SslMode.VerifyFull;
        builder.RootCertificate = authority.CaFile;
        builder.ChannelBinding = ChannelBinding.Require;
        await using var connection = await pooler.OpenAsync(builder);
        Assert.Equal(1, await SecurityPooler.ScalarAsync<int>(connection, "SELECT 1"));
    }

    [Fact]
    public async Task Plaintext_client_matching_a_hostssl_line_is_refused()
    {
        var (authority, tls) = PoolerCertificate(requireClientCertificates: false);
        var hba = new HbaTable([new HbaEntry(HbaConnectionType.HostSsl, "all", "all", HbaAddress.All, HbaMethod.ScramSha256, 1)]);
        var options = KnownUser(tls) with { Access = new HbaAccessPolicy(new HbaMatcher(hba, LimitTable.Empty)) };
        await using var pooler = await SecurityPooler.StartAsync(fixture.Server, options);

        var error = await Assert.ThrowsAsync<PostgresException>(() => pooler.OpenAsync(F.ScramUser, F.Password));
        Assert.Equal("28000", error.SqlState);

        var builder = pooler.Builder(F.ScramUser, F.Password);
        builder.SslMode = SslMode.VerifyFull;
        builder.RootCertificate = authority.CaFile;
        await using var secure = await pooler.OpenAsync(builder);
        Assert.Equal(1, await SecurityPooler.ScalarAsync<int>(secure, "SELECT 1"));
    }

    [Fact]
    public async Task With_a_ca_file_a_client_certificate_is_required()
    {
        var (authority, tls) = PoolerCertificate(requireClientCertificates: true);
        await using var pooler = await SecurityPooler.StartAsync(fixture.Server, KnownUser(tls));
        var builder = pooler.Builder(F.ScramUser, F.Password);
        builder.SslMode = SslMode.VerifyFull;
        builder.RootCertificate = authority.CaFile;
        await Assert.ThrowsAnyAsync<Exception>(async () => await (await pooler.OpenAsync(builder)).DisposeAsync());

        var client = authority.IssueClient("client", F.ScramUser);
        builder.SslCertificate = client.CertificateFile;
        builder.SslKey = client.KeyFile;
        await using var connection = await pooler.OpenAsync(builder);
        Assert.Equal(1, await SecurityPooler.ScalarAsync<int>(connection, "SELECT 1"));
    }

    [Fact]
    public async Task Client_certificate_from_another_ca_is_refused()
    {
        var (authority, tls) = PoolerCertificate(requireClientCertificates: true);
        await using var pooler = await SecurityPooler.StartAsync(fixture.Server, KnownUser(tls));
        using var otherDirectory = TempDirectory.Create("/tmp/agroal-tls-other");
        var stranger = TestCertificateAuthority.Create(otherDirectory.Path, "Other CA").IssueClient("client", F.ScramUser);
        var builder = pooler.Builder(F.ScramUser, F.Password);
        builder.SslMode = SslMode.VerifyFull;
        builder.RootCertificate = authority.CaFile;
        builder.SslCertificate = stranger.CertificateFile;
        builder.SslKey = stranger.KeyFile;
        await Assert.ThrowsAnyAsync<Exception>(async () => await (await pooler.OpenAsync(builder)).DisposeAsync());
    }
}
