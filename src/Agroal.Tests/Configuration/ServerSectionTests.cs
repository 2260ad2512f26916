using System.Globalization;
using Agroal.Actors.Configuration;

namespace Agroal.Tests.Configuration;

public sealed class ServerSectionTests
{
    private static ConfigurationLoadResult LoadServers(string servers)
    {
        using var config = new TempConfig();
        config.Main(TempConfig.MainHeader + TempConfig.MainRequired + servers).Hba(TempConfig.TrustAll);
        return config.Load();
    }

    [Fact]
    public void Server_keys_are_read_into_typed_settings()
    {
        var result = LoadServers("[pg1]\nhost = db.example\nport = 5433\nprimary = on\ntls = on\ntls_cert_file = /c.pem\ntls_key_file = /k.pem\ntls_ca_file = /ca.pem\nchannel_binding = require\n\n[pg2]\nhost = /var/run/postgresql\nport = 5432\n");
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var pg1 = result.Configuration.Servers[0];
        Assert.Equal(("pg1", "db.example", 5433, true, true), (pg1.Name, pg1.Host, pg1.Port, pg1.Primary, pg1.Tls));
        Assert.Equal(("/c.pem", "/k.pem", "/ca.pem"), (pg1.TlsCertFile, pg1.TlsKeyFile, pg1.TlsCaFile));
        Assert.Equal(ChannelBindingMode.Require, pg1.ChannelBinding);
        var pg2 = result.Configuration.Servers[1];
        Assert.True(pg2.IsUnixSocket);
        Assert.False(pg2.Primary);
        Assert.Equal(ChannelBindingMode.Prefer, pg2.ChannelBinding);
    }

    [Fact]
    public void No_server_is_fatal() =>
        Assert.Contains(LoadServers("").Errors, e => e.Message.Contains("at least one server", StringComparison.Ordinal));

    [Theory]
    [InlineData("[a]\nport = 5432\n", "[a] host: required")]
    [InlineData("[a]\nhost = x\n", "[a] port: required")]
    public void Server_needs_host_and_port(string section, string message)
    {
        var error = Assert.Single(LoadServers(section).Errors);
        Assert.Equal(message, error.Message);
        Assert.Equal(5, error.Line);
    }

    [Theory]
    [InlineData("localhost", "localhost")]
    [InlineData("localhost", "127.0.0.1")]
    [InlineData("DB.example", "db.example")]
    [InlineData("::1", "127.0.0.1")]
    public void Duplicate_host_and_port_is_fatal(string first, string second) =>
        Assert.Contains(LoadServers($"[a]\nhost = {first}\nport = 5432\n[b]\nhost = {second}\nport = 5432\n").Errors,
            e => e.Message.Contains("[b] host and port duplicate server [a]", StringComparison.Ordinal));

    [Fact]
    public void Same_host_on_other_port_is_fine() =>
        Assert.True(LoadServers("[a]\nhost = h\nport = 5432\n[b]\nhost = h\nport = 5433\n").Succeeded);

    [Fact]
    public void More_than_one_primary_is_fatal() =>
        Assert.Contains(LoadServers("[a]\nhost = h1\nport = 5432\nprimary = on\n[b]\nhost = h2\nport = 5432\nprimary = yes\n").Errors,
            e => e.Message.Contains("more than one server is marked primary (a, b)", StringComparison.Ordinal));

    [Fact]
    public void Sixty_four_servers_are_allowed_and_sixty_five_are_fatal()
    {
        static string Servers(int count) => string.Concat(Enumerable.Range(1, count).Select(i =>
            string.Create(CultureInfo.InvariantCulture, $"[s{i}]\nhost = h{i}\nport = 5432\n")));
        Assert.True(LoadServers(Servers(64)).Succeeded);
        Assert.Contains(LoadServers(Servers(65)).Errors, e => e.Message.Contains("too many servers", StringComparison.Ordinal));
    }

    [Fact]
    public void Bad_server_value_names_key_and_line()
    {
        var error = Assert.Single(LoadServers("[a]\nhost = h\nport = fivefourthreetwo\n").Errors);
        Assert.Equal(7, error.Line);
        Assert.StartsWith("port: \"fivefourthreetwo\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Server_certificate_paths_expand_variables_and_keep_comment_characters()
    {
        using var config = new TempConfig();
        config.Main(TempConfig.MainHeader + TempConfig.MainRequired + "[a]\nhost = h\nport = 5432\ntls_cert_file = $CERTS/a#1.pem\n").Hba(TempConfig.TrustAll);
        var server = config.LoadValid(n => n == "CERTS" ? "/etc/certs" : null).Servers[0];
        Assert.Equal("/etc/certs/a#1.pem", server.TlsCertFile);
    }
}
