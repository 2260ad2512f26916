using Agroal.Actors.Configuration;

namespace Agroal.Tests.Configuration;

public sealed class StartupValidationTests
{
    private const string TwoServers = "\n[a]\nhost = h1\nport = 5432\nprimary = on\n[b]\nhost = h2\nport = 5432\n";
    private const string Transaction = "pipeline = transaction\nallow_unknown_users = off\nblocking_timeout = 0\n";

    private static string Script(TempConfig config, string name, bool executable = true)
    {
        var path = config.Write(name, "#!/bin/sh\nexit 0\n");
        if (OperatingSystem.IsWindows())
        {
            return path;
        }

        File.SetUnixFileMode(path, executable ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute : UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }

    private static void AssertError(ConfigurationLoadResult result, string message)
    {
        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Message.Contains(message, StringComparison.Ordinal));
    }

    private static ConfigurationLoadResult Transactional(string extraKeys = "", string limits = "db u 10 1 1\n", bool users = true, string servers = TempConfig.PrimaryServer)
    {
        using var config = TempConfig.WithMainKeys(Transaction + extraKeys, servers);
        config.Limits(limits);
        if (users)
        {
            config.Users("u");
        }

        return config.Load();
    }

    [Fact]
    public void Auto_pipeline_without_session_features_is_performance()
    {
        using var config = TempConfig.WithMainKeys("");
        Assert.Equal(PipelineMode.Performance, config.LoadValid().Main.EffectivePipeline);
    }

    [Theory]
    [InlineData("tls = on\ntls_cert_file = /c.pem\ntls_key_file = /k.pem")]
    [InlineData("disconnect_client = 60")]
    public void Auto_pipeline_picks_session_for_tls_or_disconnect_client(string keys)
    {
        using var config = TempConfig.WithMainKeys(keys);
        var main = config.LoadValid().Main;
        Assert.Equal(PipelineMode.Auto, main.Pipeline);
        Assert.Equal(PipelineMode.Session, main.EffectivePipeline);
    }

    [Fact]
    public void Auto_pipeline_picks_session_for_failover()
    {
        using var config = new TempConfig();
        var script = Script(config, "failover.sh");
        config.Main(TempConfig.MainHeader + $"failover = on\nfailover_script = {script}\n" + TempConfig.MainRequired + TwoServers).Hba(TempConfig.TrustAll);
        Assert.Equal(PipelineMode.Session, config.LoadValid().Main.EffectivePipeline);
    }

    [Theory]
    [InlineData("tls = on\ntls_cert_file = /c.pem\ntls_key_file = /k.pem", "tls: not supported by the performance pipeline")]
    [InlineData("disconnect_client = 60", "disconnect_client: not supported by the performance pipeline")]
    public void Performance_pipeline_refuses_session_features(string keys, string message)
    {
        using var config = TempConfig.WithMainKeys("pipeline = performance\n" + keys);
        AssertError(config.Load(), message);
    }

    [Fact]
    public void Performance_pipeline_refuses_failover()
    {
        using var config = new TempConfig();
        var script = Script(config, "failover.sh");
        config.Main(TempConfig.MainHeader + $"pipeline = performance\nfailover = on\nfailover_script = {script}\n" + TempConfig.MainRequired + TwoServers).Hba(TempConfig.TrustAll);
        AssertError(config.Load(), "failover: not supported by the performance pipeline");
    }

    [Fact]
    public void Tls_needs_certificate_and_key()
    {
        using var config = TempConfig.WithMainKeys("tls = on\ntls_cert_file = /c.pem");
        AssertError(config.Load(), "tls: needs tls_cert_file and tls_key_file");
    }

    [Fact]
    public void Valid_transaction_setup_loads() => Assert.True(Transactional().Succeeded, string.Join("\n", Transactional().Errors));

    [Theory]
    [InlineData("disconnect_client = 10", "disconnect_client: not supported by the transaction pipeline")]
    [InlineData("allow_unknown_users = on", "allow_unknown_users: must be off with the transaction pipeline")]
    public void Transaction_pipeline_refuses_keys(string keys, string message) => AssertError(Transactional(keys), message);

    [Fact]
    public void Transaction_pipeline_needs_users_file() =>
        AssertError(Transactional(users: false, limits: "db all 10\n"), "pipeline: transaction needs a users file");

    [Fact]
    public void Transaction_pipeline_needs_limits_file()
    {
        using var config = TempConfig.WithMainKeys(Transaction);
        config.Users("u");
        AssertError(config.Load(), "pipeline: transaction needs a limits file");
    }

    [Fact]
    public void Transaction_pipeline_needs_every_size_above_zero() =>
        AssertError(Transactional(limits: "db u 10 1 0\n"), "needs max_size, initial_size and min_size > 0");

    [Fact]
    public void Transaction_pipeline_refuses_server_tls() =>
        AssertError(Transactional(servers: "\n[primary]\nhost = h\nport = 5432\ntls = on\n"), "[primary] tls: not supported by the transaction pipeline");

    [Theory]
    [InlineData("blocking_timeout = 5", "blocking_timeout")]
    [InlineData("idle_timeout = 5", "idle_timeout")]
    [InlineData("max_connection_age = 5", "max_connection_age")]
    [InlineData("validation = foreground", "validation")]
    public void Transaction_pipeline_warns_about_timeouts(string keys, string key)
    {
        var result = Transactional(keys);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Contains(result.Warnings, w => w.Message.StartsWith(key + ": has little effect", StringComparison.Ordinal));
    }

    [Fact]
    public void Auth_query_needs_superuser_file()
    {
        using var config = TempConfig.WithMainKeys("auth_query = on");
        AssertError(config.Load(), "auth_query: needs a superuser file");
    }

    [Fact]
    public void Auth_query_forces_allow_unknown_users()
    {
        using var config = TempConfig.WithMainKeys("auth_query = on\nallow_unknown_users = off");
        config.Superuser("postgres");
        Assert.True(config.LoadValid().Main.AllowUnknownUsers);
    }

    [Theory]
    [InlineData("users")]
    [InlineData("frontend")]
    [InlineData("limits")]
    public void Auth_query_forbids_user_and_limit_files(string file)
    {
        using var config = TempConfig.WithMainKeys("auth_query = on");
        config.Superuser("postgres");
        _ = file switch
        {
            "users" => config.Users("u"),
            "frontend" => config.Users("u").FrontendUsers("u"),
            _ => config.Limits("db u 10\n"),
        };
        AssertError(config.Load(), "auth_query: cannot be used with a " + (file == "frontend" ? "frontend users" : file) + " file");
    }

    [Fact]
    public void Failover_needs_a_script()
    {
        using var config = new TempConfig();
        config.Main(TempConfig.MainHeader + "failover = on\n" + TempConfig.MainRequired + TwoServers).Hba(TempConfig.TrustAll);
        AssertError(config.Load(), "failover: needs failover_script");
    }

    [Fact]
    public void Failover_script_must_be_a_regular_file()
    {
        using var config = new TempConfig();
        config.Main(TempConfig.MainHeader + $"failover = on\nfailover_script = {config.Directory}\n" + TempConfig.MainRequired + TwoServers).Hba(TempConfig.TrustAll);
        AssertError(config.Load(), "is not a regular file");
    }

    [Fact]
    public void Failover_script_must_be_executable()
    {
        using var config = new TempConfig();
        var script = Script(config, "failover.sh", executable: false);
        config.Main(TempConfig.MainHeader + $"failover = on\nfailover_script = {script}\n" + TempConfig.MainRequired + TwoServers).Hba(TempConfig.TrustAll);
        var error = Assert.Single(config.Load().Errors);
        Assert.Equal($"failover_script: \"{script}\" is not executable", error.Message);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void Failover_needs_two_servers()
    {
        using var config = new TempConfig();
        var script = Script(config, "failover.sh");
        config.Main(TempConfig.MainHeader + $"failover = on\nfailover_script = {script}\n" + TempConfig.MainRequired + TempConfig.PrimaryServer).Hba(TempConfig.TrustAll);
        AssertError(config.Load(), "failover: needs at least 2 servers");
    }

    [Fact]
    public void Failover_notify_script_needs_failover_script()
    {
        using var config = new TempConfig();
        var notify = Script(config, "notify.sh");
        config.Main(TempConfig.MainHeader + $"failover_notify_script = {notify}\n" + TempConfig.MainRequired + TwoServers).Hba(TempConfig.TrustAll);
        AssertError(config.Load(), "failover_notify_script: needs failover_script");
    }

    [Fact]
    public void Failover_notify_script_must_differ_from_failover_script()
    {
        using var config = new TempConfig();
        var script = Script(config, "failover.sh");
        config.Main(TempConfig.MainHeader + $"failover = on\nfailover_script = {script}\nfailover_notify_script = {script}\n" + TempConfig.MainRequired + TwoServers).Hba(TempConfig.TrustAll);
        AssertError(config.Load(), "failover_notify_script: must differ from failover_script");
    }

    [Fact]
    public void Failover_with_notify_script_loads()
    {
        using var config = new TempConfig();
        var script = Script(config, "failover.sh");
        var notify = Script(config, "notify.sh");
        config.Main(TempConfig.MainHeader + $"failover = on\nfailover_script = {script}\nfailover_notify_script = {notify}\nfailover_script_timeout = 2m\n" + TempConfig.MainRequired + TwoServers).Hba(TempConfig.TrustAll);
        var main = config.LoadValid().Main;
        Assert.Equal(notify, main.FailoverNotifyScript);
        Assert.Equal(TimeSpan.FromMinutes(2), main.FailoverScriptTimeout);
    }

    [Fact]
    public void Rotating_frontend_passwords_needs_users()
    {
        using var config = TempConfig.WithMainKeys("rotate_frontend_password_timeout = 1h");
        AssertError(config.Load(), "rotate_frontend_password_timeout: needs a users file");
    }

    [Fact]
    public void Frontend_users_with_unknown_users_allowed_is_a_warning()
    {
        using var config = TempConfig.WithMainKeys("allow_unknown_users = on");
        config.Users("u").FrontendUsers("u");
        Assert.Contains(config.LoadValid().Warnings, w => w.Message.StartsWith("allow_unknown_users:", StringComparison.Ordinal));
    }

    [Fact]
    public void Frontend_user_missing_from_users_file_is_fatal()
    {
        using var config = TempConfig.WithMainKeys("allow_unknown_users = off");
        config.Users("u").FrontendUsers("u", "v");
        AssertError(config.Load(), "frontend user \"v\" is not in the users file");
    }

    [Fact]
    public void Health_check_needs_a_user()
    {
        using var config = TempConfig.WithMainKeys("health_check = on");
        AssertError(config.Load(), "health_check_user: required when health_check = on");
    }

    [Theory]
    [InlineData("max_message_size = 512", false)]
    [InlineData("max_message_size = 2g", false)]
    [InlineData("max_message_size = 1mb", true)]
    [InlineData("max_prepared_statements = 0", true)]
    [InlineData("max_prepared_statements = -1", false)]
    public void Project_keys_are_range_checked(string line, bool valid)
    {
        using var config = TempConfig.WithMainKeys(line);
        Assert.Equal(valid, config.Load().Succeeded);
    }
}
