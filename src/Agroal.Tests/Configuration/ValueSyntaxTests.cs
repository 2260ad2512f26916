using Agroal.Actors.Configuration;

namespace Agroal.Tests.Configuration;

public sealed class ValueSyntaxTests
{
    private static MainSettings LoadWith(string line)
    {
        using var config = TempConfig.WithMainKeys(line);
        return config.LoadValid().Main;
    }

    private static ConfigurationError SingleErrorFor(string line)
    {
        using var config = TempConfig.WithMainKeys(line);
        var result = config.Load();
        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.Equal(2, error.Line);
        Assert.Equal(config.MainFile, error.File);
        return error;
    }

    [Theory]
    [InlineData("30", 30)]
    [InlineData("30s", 30)]
    [InlineData("30S", 30)]
    [InlineData("2m", 120)]
    [InlineData("2M", 120)]
    [InlineData("1h", 3600)]
    [InlineData("1d", 86400)]
    [InlineData("1w", 604800)]
    [InlineData("0", 0)]
    [InlineData("\"45s\"", 45)]
    [InlineData("45s # comment", 45)]
    public void Duration_accepts_digits_with_one_optional_unit(string text, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), LoadWith("idle_timeout = " + text).IdleTimeout);

    [Theory]
    [InlineData("1m30s")]
    [InlineData("-5")]
    [InlineData("5x")]
    [InlineData("s")]
    [InlineData("1.5h")]
    [InlineData("")]
    [InlineData("5ms")]
    public void Duration_rejects_other_forms(string text)
    {
        var error = SingleErrorFor("idle_timeout = " + text);
        Assert.StartsWith("idle_timeout:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duration_error_names_file_line_key_and_reason()
    {
        var error = SingleErrorFor("blocking_timeout = 1m30s");
        Assert.EndsWith(":2: blocking_timeout: \"1m30s\" is not a duration (digits with an optional unit s, m, h, d or w)", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("100", 100L)]
    [InlineData("100b", 100L)]
    [InlineData("1k", 1024L)]
    [InlineData("1KB", 1024L)]
    [InlineData("2m", 2097152L)]
    [InlineData("2mb", 2097152L)]
    [InlineData("1g", 1073741824L)]
    [InlineData("1GB", 1073741824L)]
    public void Size_accepts_base_1024_units(string text, long bytes) =>
        Assert.Equal(bytes, LoadWith("log_rotation_size = " + text).LogRotationSize);

    [Theory]
    [InlineData("1t")]
    [InlineData("1.5m")]
    [InlineData("kb")]
    [InlineData("-1")]
    public void Size_rejects_other_forms(string text) =>
        Assert.Contains("is not a size", SingleErrorFor("log_rotation_size = " + text).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("on", true)]
    [InlineData("ON", true)]
    [InlineData("yes", true)]
    [InlineData("1", true)]
    [InlineData("True", true)]
    [InlineData("off", false)]
    [InlineData("no", false)]
    [InlineData("0", false)]
    [InlineData("false", false)]
    public void Bool_accepts_pgagroal_spellings(string text, bool expected) =>
        Assert.Equal(expected, LoadWith("log_connections = " + text).LogConnections);

    [Theory]
    [InlineData("enabled")]
    [InlineData("2")]
    [InlineData("y")]
    public void Bool_rejects_other_words(string text) =>
        Assert.Contains("is not a boolean", SingleErrorFor("log_connections = " + text).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("1", 1)]
    [InlineData("250", 250)]
    [InlineData("10000", 10000)]
    public void Int_accepts_values_in_range(string text, int expected) =>
        Assert.Equal(expected, LoadWith("max_connections = " + text).MaxConnections);

    [Fact]
    public void Int_error_reads_like_the_specification()
    {
        var error = SingleErrorFor("max_connections = abc");
        Assert.Equal("max_connections: \"abc\" is not an integer", error.Message);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("10001")]
    [InlineData("-1")]
    public void Int_rejects_values_out_of_range(string text) =>
        Assert.Contains("is out of range (1..10000)", SingleErrorFor("max_connections = " + text).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("metrics = 0")]
    [InlineData("metrics = 65535")]
    [InlineData("management = 8000")]
    public void Optional_ports_accept_zero_to_65535(string line) => LoadWith(line);

    [Theory]
    [InlineData("metrics = 65536")]
    [InlineData("metrics = -1")]
    [InlineData("metrics = http")]
    public void Ports_reject_values_outside_range(string line) => SingleErrorFor(line);

    [Fact]
    public void Main_port_zero_is_rejected()
    {
        using var config = new TempConfig();
        config.Main("[pgagroal]\nhost = localhost\nport = 0\nunix_socket_dir = /tmp\n" + TempConfig.PrimaryServer).Hba(TempConfig.TrustAll);
        var error = Assert.Single(config.Load().Errors);
        Assert.Equal(3, error.Line);
        Assert.StartsWith("port:", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("log_level = trace", LogSeverity.Debug5)]
    [InlineData("log_level = DEBUG3", LogSeverity.Debug3)]
    [InlineData("log_level = warn", LogSeverity.Warn)]
    public void Log_level_accepts_its_names(string line, LogSeverity expected) =>
        Assert.Equal(expected, LoadWith(line).LogLevel);

    [Theory]
    [InlineData("log_type = file")]
    [InlineData("log_mode = c")]
    [InlineData("validation = background")]
    [InlineData("pipeline = session")]
    [InlineData("ev_backend = epoll")]
    [InlineData("hugepage = off")]
    [InlineData("update_process_title = full")]
    [InlineData("startup_validation = off")]
    [InlineData("server_reset_query_behavior_on_failure = ignore")]
    public void Enums_accept_their_values(string line) => LoadWith(line);

    [Theory]
    [InlineData("log_level = verbose")]
    [InlineData("log_type = journal")]
    [InlineData("pipeline = fast")]
    [InlineData("validation = always")]
    public void Enums_reject_unknown_values(string line) =>
        Assert.Contains("is not one of", SingleErrorFor(line).Message, StringComparison.Ordinal);

    [Fact]
    public void Enum_values_land_in_typed_properties()
    {
        var main = LoadWith("log_type = syslog\nlog_mode = create\nvalidation = foreground\nupdate_process_title = off");
        Assert.Equal(LogType.Syslog, main.LogType);
        Assert.Equal(LogMode.Create, main.LogMode);
        Assert.Equal(ValidationMode.Foreground, main.Validation);
        Assert.Equal(ProcessTitleMode.Never, main.UpdateProcessTitle);
    }

    [Theory]
    [InlineData("log_line_prefix = \"%Y %H\"", "%Y %H")]
    [InlineData("log_line_prefix = '%Y %H' # note", "%Y %H")]
    [InlineData("log_line_prefix = \"a#b;c\"", "a#b;c")]
    [InlineData("log_line_prefix = plain", "plain")]
    [InlineData("log_line_prefix = plain#comment", "plain")]
    [InlineData("log_line_prefix = plain;comment", "plain")]
    [InlineData("log_line_prefix=tight", "tight")]
    [InlineData("log_line_prefix =   spaced   # x", "spaced")]
    [InlineData("log_line_prefix = first second", "first")]
    public void Strings_follow_quote_and_comment_rules(string line, string expected) =>
        Assert.Equal(expected, LoadWith(line).LogLinePrefix);

    [Theory]
    [InlineData("log_line_prefix = \"unterminated")]
    [InlineData("log_line_prefix = 'mixed\"")]
    public void Mismatched_quotes_are_fatal(string line) =>
        Assert.Contains("mismatched quotes", SingleErrorFor(line).Message, StringComparison.Ordinal);

    [Fact]
    public void Empty_server_reset_query_turns_reset_off() =>
        Assert.Equal("", LoadWith("server_reset_query = \"\"").ServerResetQuery);

    [Fact]
    public void Connection_retry_delay_is_clamped_with_a_warning()
    {
        using var config = TempConfig.WithMainKeys("connection_retry_delay = 5000");
        var loaded = config.LoadValid();
        Assert.Equal(TimeSpan.FromMilliseconds(999), loaded.Main.ConnectionRetryDelay);
        Assert.Contains(loaded.Warnings, w => w.Line == 2 && w.Message.Contains("clamped", StringComparison.Ordinal));
    }

    [Fact]
    public void Authentication_timeout_zero_means_five_seconds() =>
        Assert.Equal(TimeSpan.FromSeconds(5), LoadWith("authentication_timeout = 0").AuthenticationTimeout);

    [Fact]
    public void Background_interval_below_five_seconds_is_rejected() =>
        Assert.Contains("minimum", SingleErrorFor("background_interval = 4").Message, StringComparison.Ordinal);

    [Fact]
    public void Metrics_cache_size_is_capped_at_one_mebibyte()
    {
        using var config = TempConfig.WithMainKeys("metrics_cache_max_size = 10m");
        var loaded = config.LoadValid();
        Assert.Equal(1024 * 1024, loaded.Main.MetricsCacheMaxSize);
        Assert.Single(loaded.Warnings);
    }
}
