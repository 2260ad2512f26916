using Agroal.Actors.Configuration;

namespace Agroal.Tests.Configuration;

public sealed class MainFileStructureTests
{
    private static ConfigurationLoadResult LoadMain(string main, string hba = TempConfig.TrustAll, Func<string, string?>? env = null)
    {
        using var config = new TempConfig();
        config.Main(main).Hba(hba);
        return config.Load(env);
    }

    private const string Valid = TempConfig.MainHeader + TempConfig.MainRequired + TempConfig.PrimaryServer;

    [Fact]
    public void Minimal_file_loads_with_pgagroal_defaults()
    {
        var result = LoadMain(Valid);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var main = result.Configuration.Main;
        Assert.Equal("localhost", main.Host);
        Assert.Equal(2345, main.Port);
        Assert.Equal(100, main.MaxConnections);
        Assert.Equal(TimeSpan.FromSeconds(30), main.BlockingTimeout);
        Assert.True(main.AllowUnknownUsers);
        Assert.Equal("DISCARD ALL", main.ServerResetQuery);
        Assert.Equal(200, main.MaxPreparedStatements);
        Assert.Equal(64L * 1024 * 1024, main.MaxMessageSize);
        Assert.Equal(TimeSpan.FromSeconds(60), main.FailoverScriptTimeout);
        Assert.Equal("/tmp/pgagroal.2345.pid", main.Pidfile);
        Assert.Equal(25, main.Backlog);
        Assert.Equal(PipelineMode.Performance, main.EffectivePipeline);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Comments_and_blank_lines_are_ignored()
    {
        var result = LoadMain("# top\n; also\n\n   # indented\n" + Valid + "\n\t; end\n");
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
    }

    [Fact]
    public void Missing_pgagroal_section_is_fatal() =>
        Assert.Contains(LoadMain(TempConfig.PrimaryServer).Errors, e => e.Message.Contains("missing [pgagroal]", StringComparison.Ordinal));

    [Fact]
    public void Second_pgagroal_section_is_fatal_with_its_line()
    {
        var result = LoadMain(Valid + "[pgagroal]\n");
        var error = Assert.Single(result.Errors);
        Assert.Equal(9, error.Line);
        Assert.Contains("duplicate section [pgagroal]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_server_section_is_fatal() =>
        Assert.Contains(LoadMain(Valid + "[primary]\nhost = other\nport = 5433\n").Errors, e => e.Message.Contains("duplicate section [primary]", StringComparison.Ordinal));

    [Fact]
    public void Indented_section_header_is_fatal() =>
        Assert.Contains(LoadMain(Valid + "  [replica]\n").Errors, e => e.Message.Contains("column 0", StringComparison.Ordinal));

    [Fact]
    public void Section_header_without_bracket_is_fatal() =>
        Assert.Single(LoadMain(Valid + "[replica\n").Errors);

    [Fact]
    public void Unknown_key_is_a_warning_with_file_and_line()
    {
        var result = LoadMain(TempConfig.MainHeader + TempConfig.MainRequired + "max_conections = 10\n" + TempConfig.PrimaryServer);
        Assert.True(result.Succeeded);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(5, warning.Line);
        Assert.EndsWith("pgagroal.conf:5: unknown key \"max_conections\" in section [pgagroal]", warning.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_key_in_server_section_is_a_warning() =>
        Assert.Contains(LoadMain(Valid + "weight = 3\n").Warnings, w => w.Line == 9 && w.Message.Contains("[primary]", StringComparison.Ordinal));

    [Fact]
    public void Keys_are_case_sensitive() =>
        Assert.Single(LoadMain(TempConfig.MainHeader + "Max_Connections = 5\n" + TempConfig.MainRequired + TempConfig.PrimaryServer).Warnings);

    [Fact]
    public void Key_outside_any_section_is_a_warning()
    {
        var result = LoadMain("stray = 1\n" + Valid);
        Assert.True(result.Succeeded);
        Assert.Equal(1, Assert.Single(result.Warnings).Line);
    }

    [Fact]
    public void Repeated_key_warns_and_last_value_wins()
    {
        var result = LoadMain(TempConfig.MainHeader + "max_connections = 10\nmax_connections = 20\n" + TempConfig.MainRequired + TempConfig.PrimaryServer);
        Assert.Equal(20, result.Configuration!.Main.MaxConnections);
        Assert.Equal(3, Assert.Single(result.Warnings).Line);
    }

    [Theory]
    [InlineData(new byte[] { 0xC3, 0xA9 })]
    [InlineData(new byte[] { 0x00 })]
    [InlineData(new byte[] { 0x80 })]
    public void Non_ascii_file_is_fatal(byte[] bad)
    {
        using var config = new TempConfig();
        config.Hba(TempConfig.TrustAll).Main("");
        File.WriteAllBytes(config.MainFile!, [.. System.Text.Encoding.ASCII.GetBytes(Valid + "# caf"), .. bad, (byte)'\n']);
        var error = Assert.Single(config.Load().Errors);
        Assert.Contains("not plain ASCII", error.Message, StringComparison.Ordinal);
        Assert.Equal(9, error.Line);
    }

    [Fact]
    public void Missing_main_file_is_fatal()
    {
        using var config = new TempConfig();
        config.Hba(TempConfig.TrustAll);
        Assert.Contains(config.Load().Errors, e => e.Message.Contains("not found", StringComparison.Ordinal));
    }

    [Fact]
    public void Errors_are_all_collected_not_only_the_first()
    {
        var result = LoadMain(TempConfig.MainHeader + "max_connections = x\nidle_timeout = y\n" + TempConfig.MainRequired + TempConfig.PrimaryServer);
        Assert.Equal([2, 3], result.Errors.Select(e => e.Line));
    }

    [Fact]
    public void Path_keys_expand_environment_variables()
    {
        var env = new Dictionary<string, string> { ["LOGDIR"] = "/var/log/agroal", ["PORT_NAME"] = "x" };
        var result = LoadMain(TempConfig.MainHeader + "log_path = $LOGDIR/agroal-${PORT_NAME}.log\n" + TempConfig.MainRequired + TempConfig.PrimaryServer,
            env: n => env.GetValueOrDefault(n));
        Assert.Equal("/var/log/agroal/agroal-x.log", result.Configuration!.Main.LogPath);
    }

    [Fact]
    public void Path_keys_are_verbatim_without_quote_or_comment_stripping()
    {
        var result = LoadMain(TempConfig.MainHeader + "log_path =   /tmp/a b#c.log   \n" + TempConfig.MainRequired + TempConfig.PrimaryServer);
        Assert.Equal("/tmp/a b#c.log", result.Configuration!.Main.LogPath);
    }

    [Fact]
    public void Unix_socket_dir_expands_variables()
    {
        var result = LoadMain("[pgagroal]\nhost = localhost\nport = 2345\nunix_socket_dir = $SOCKDIR\n" + TempConfig.PrimaryServer, env: n => n == "SOCKDIR" ? "/tmp" : null);
        Assert.Equal("/tmp", result.Configuration!.Main.UnixSocketDir);
    }

    [Fact]
    public void Unset_variable_in_path_is_fatal_and_named()
    {
        var result = LoadMain(TempConfig.MainHeader + "log_path = $NOPE/x.log\n" + TempConfig.MainRequired + TempConfig.PrimaryServer);
        var error = Assert.Single(result.Errors);
        Assert.Equal("log_path: environment variable NOPE is not set", error.Message);
    }

    [Fact]
    public void Pidfile_can_be_set_explicitly() =>
        Assert.Equal("/tmp/x.pid", LoadMain(TempConfig.MainHeader + "pidfile = /tmp/x.pid\n" + TempConfig.MainRequired + TempConfig.PrimaryServer).Configuration!.Main.Pidfile);

    [Theory]
    [InlineData("host", "host: required")]
    [InlineData("port", "port: required")]
    [InlineData("unix_socket_dir", "unix_socket_dir: required")]
    public void Host_port_and_socket_dir_are_required(string omitted, string message)
    {
        var lines = TempConfig.MainRequired.Split('\n').Where(l => !l.StartsWith(omitted + " ", StringComparison.Ordinal));
        Assert.Contains(LoadMain(TempConfig.MainHeader + string.Join('\n', lines) + TempConfig.PrimaryServer).Errors, e => e.Message == message);
    }

    [Fact]
    public void Unix_socket_dir_must_exist() =>
        Assert.Contains(LoadMain("[pgagroal]\nhost = localhost\nport = 2345\nunix_socket_dir = /nonexistent/agroal\n" + TempConfig.PrimaryServer).Errors,
            e => e.Line == 4 && e.Message.Contains("does not exist", StringComparison.Ordinal));
}
