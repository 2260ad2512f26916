using Microsoft.Extensions.Time.Testing;
using Agroal.Actors.Logging;
using Microsoft.Extensions.Logging;

namespace Agroal.Tests.Logging;

public sealed class ConsoleLoggingTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
    private readonly StringWriter _console = new();

    private AgroalLoggerProvider Provider(LoggingSettings? settings = null) =>
        new(settings ?? new LoggingSettings(), _time, _console);

    [Fact]
    public void A_line_is_prefix_level_category_message_with_values_as_the_message_shows_them()
    {
        using var provider = Provider();
        var logger = provider.CreateLogger("Agroal.Actors.Pool.PoolManagerActor");
        logger.LogInformation("acquire: user={User} database={Database}", "alice", "app");
        Assert.Equal("2026-01-02 03:04:05 INFO  PoolManagerActor acquire: user=alice database=app\n", _console.ToString());
    }

    [Fact]
    public void Critical_is_printed_as_fatal_and_an_exception_stays_on_the_same_line()
    {
        using var provider = Provider();
        provider.CreateLogger("Main").LogCritical(new InvalidOperationException("boom\nsecond line"), "startup failed");
        var output = _console.ToString();
        Assert.StartsWith("2026-01-02 03:04:05 FATAL Main startup failed exception=System.InvalidOperationException: boom\\nsecond line", output, StringComparison.Ordinal);
        Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Lines_below_the_level_are_dropped_and_not_counted()
    {
        using var provider = Provider(new LoggingSettings { Level = LogLevel.Warning });
        var logger = provider.CreateLogger("C");
        Assert.False(logger.IsEnabled(LogLevel.Information));
        logger.LogInformation("hidden");
        logger.LogWarning("shown");
        Assert.Equal("2026-01-02 03:04:05 WARN  C shown\n", _console.ToString());
        Assert.Equal(0, provider.Counters.Info);
        Assert.Equal(1, provider.Counters.Warn);
    }

    [Fact]
    public void Counters_count_each_level()
    {
        using var provider = Provider(new LoggingSettings { Level = LogLevel.Trace });
        var logger = provider.CreateLogger("C");
        logger.LogDebug("d");
        logger.LogInformation("i");
        logger.LogInformation("i");
        logger.LogWarning("w");
        logger.LogError("e");
        logger.LogCritical("f");
        Assert.Equal((2L, 1L, 1L, 1L), (provider.Counters.Info, provider.Counters.Warn, provider.Counters.Error, provider.Counters.Fatal));
    }

    [Fact]
    public void Reconfigure_changes_level_and_prefix_at_once()
    {
        using var provider = Provider();
        var logger = provider.CreateLogger("C");
        logger.LogDebug("before");
        provider.Reconfigure(new LoggingSettings { Level = LogLevel.Debug, LinePrefix = "[%H:%M]" });
        logger.LogDebug("after");
        Assert.Equal("[03:04] DEBUG C after\n", _console.ToString());
    }

    [Fact]
    public void An_empty_prefix_prints_no_leading_space()
    {
        using var provider = Provider(new LoggingSettings { LinePrefix = "" });
        provider.CreateLogger("C").LogInformation("m");
        Assert.Equal("INFO  C m\n", _console.ToString());
    }

    [Fact]
    public void Generic_categories_keep_the_type_name()
    {
        using var provider = Provider();
        provider.CreateLogger("Agroal.Actors.Kernel.Mailbox<Agroal.Actors.Pool.Slot>").LogInformation("m");
        Assert.Contains(" Mailbox m", _console.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Logging_builder_extension_routes_everything_to_the_provider()
    {
        using var provider = Provider(new LoggingSettings { Level = LogLevel.Debug });
        using var factory = LoggerFactory.Create(builder => builder.AddAgroalLogging(provider));
        factory.CreateLogger("Agroal.Actors.Hosting.Program").LogDebug("ready");
        Assert.Equal("2026-01-02 03:04:05 DEBUG Program ready\n", _console.ToString());
    }
}
