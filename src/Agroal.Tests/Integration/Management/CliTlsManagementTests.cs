using System.Globalization;
using Agroal.Tests.Cli;
using Agroal.Tests.Integration.Executable;
using Agroal.Tests.Integration.Fixtures;
using Agroal.Tests.Integration.Pooling;
using Agroal.Tests.Security.Tls;

namespace Agroal.Tests.Integration.Management;

/// <summary>
/// agroal-cli's own TLS client (pgagroal-cli's ~/.pgagroal/pgagroal.key, pgagroal.crt, root.crt) against the TLS
/// management port of a real agroal process with tls = on: it manages the pooler when root.crt is the pooler's CA, and
/// refuses a pooler whose certificate another CA signed (so the session really ran over TLS).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CliTlsManagementTests(PostgresFixture fixture)
{
    private const string Admin = "tlsadmin";
    private const string AdminPassword = "tls-admin-pass";

    [Fact]
    public async Task Agroal_cli_manages_a_tls_management_port_with_its_home_certificates_and_refuses_a_foreign_ca()
    {
        using var directory = TempDirectory.Create("/tmp/agroal-cli-tls");
        var home = directory.Combine("home");
        var dotPgagroal = Path.Combine(home, ".pgagroal");
        Directory.CreateDirectory(dotPgagroal);
        Agroal.Tests.Security.Vault.UnixMode.Set(dotPgagroal, "0700");
        var authority = TestCertificateAuthority.Create(Directory.CreateDirectory(directory.Combine("ca")).FullName);
        var server = authority.IssueServer("pooler");
        var client = authority.IssueClient("cli", Admin);
        File.Copy(client.CertificateFile, Path.Combine(dotPgagroal, "pgagroal.crt"));
        File.Copy(client.KeyFile, Path.Combine(dotPgagroal, "pgagroal.key"));
        Agroal.Tests.Security.Vault.UnixMode.Set(Path.Combine(dotPgagroal, "pgagroal.key"), "0600");
        File.Copy(authority.CaFile, Path.Combine(dotPgagroal, "root.crt"));

        var port = FreePort.Get();
        var management = FreePort.Get();
        var conf = directory.Combine("pgagroal.conf");
        var hba = directory.Combine("pgagroal_hba.conf");
        var admins = directory.Combine("pgagroal_admins.conf");
        var postgres = fixture.Server;
        File.WriteAllText(conf, $"[pgagroal]\nhost = 127.0.0.1\nport = {port}\nmanagement = {management}\nunix_socket_dir = {directory.Path}\n" +
            $"max_connections = 4\nlog_type = console\nlog_level = info\ntls = on\ntls_cert_file = {server.CertificateFile}\n" +
            $"tls_key_file = {server.KeyFile}\ntls_ca_file = {authority.CaFile}\n\n[primary]\nhost = {postgres.Host}\nport = {postgres.Port}\n");
        File.WriteAllText(hba, "host all all 127.0.0.1/32 scram-sha-256\n");
        Assert.Equal(0, new CliRun(home).Run("admin", "-P", "tls-master-pass", "master-key").ExitCode);
        Assert.Equal(0, new CliRun(home).Run("admin", "-f", admins, "-U", Admin, "-P", AdminPassword, "user", "add").ExitCode);

        await using var agroal = AgroalProcessRunner.Start(["--allow-root", "-c", conf, "-a", hba, "-A", admins], new Dictionary<string, string> { ["HOME"] = home });
        await agroal.WaitForOutputAsync("agroal: started", TimeSpan.FromSeconds(30));
        string[] remote = ["-h", "127.0.0.1", "-p", management.ToString(CultureInfo.InvariantCulture), "-U", Admin, "-P", AdminPassword];

        await Eventually.TrueAsync(() => Task.FromResult(new CliRun(home).Run([.. remote, "ping"]).ExitCode == 0), "agroal-cli ping over TLS", 30);
        var status = new CliRun(home).Run([.. remote, "-F", "json", "status"]);
        Assert.Equal(0, status.ExitCode);
        Assert.Contains("\"Running\"", status.Out, StringComparison.Ordinal);

        var stranger = TestCertificateAuthority.Create(Directory.CreateDirectory(directory.Combine("other-ca")).FullName, "Other CA");
        File.Copy(stranger.CaFile, Path.Combine(dotPgagroal, "root.crt"), overwrite: true);
        var refused = new CliRun(home).Run([.. remote, "ping"]);
        Assert.NotEqual(0, refused.ExitCode);
    }
}
