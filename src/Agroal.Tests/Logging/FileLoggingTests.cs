using Microsoft.Extensions.Time.Testing;
using Agroal.Actors.Configuration;
using Agroal.Actors.Logging;
using Agroal.Tests.Integration.Fixtures;
using Microsoft.Extensions.Logging;

namespace Agroal.Tests.Logging;

public sealed class FileLoggingTests : IDisposable
{
    private readonly TempDirectory _directory = TempDirectory.Create();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
    private readonly StringWriter _console = new();

    public void Dispose() => _directory.Dispose();

    private AgroalLoggerProvider Provider(LoggingSettings settings) => new(settings with { Type = LogType.File }, _time, _console);

    private string[] LogFiles() => Directory.GetFiles(_directory.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    [Fact]
    public void Lines_go_to_the_file_named_by_the_strftime_pattern()
    {
        using (var provider = Provider(new LoggingSettings { LogPath = _directory.Combine("agroal-%Y-%m-%d.log") }))
        {
            provider.CreateLogger("Agroal.Actors.Clients.Listener").LogInformation("listening host={Host} port={Port}", "*", 2345);
            Assert.Equal(_directory.Combine("agroal-2026-01-02.log"), provider.CurrentFile);
        }
        Assert.Equal("2026-01-02 03:04:05 INFO  Listener listening host=* port=2345\n",
            File.ReadAllText(_directory.Combine("agroal-2026-01-02.log")));
        Assert.Equal("", _console.ToString());
    }

    [Fact]
    public void Each_line_is_on_disk_as_soon_as_it_is_logged()
    {
        using var provider = Provider(new LoggingSettings { LogPath = _directory.Combine("a.log") });
        provider.CreateLogger("C").LogInformation("one");
        using var reader = new FileStream(_directory.Combine("a.log"), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        Assert.Equal("2026-01-02 03:04:05 INFO  C one\n".Length, reader.Length);
    }

    [Theory]
    [InlineData(LogMode.Append, "old line\n")]
    [InlineData(LogMode.Create, "")]
    public void Mode_append_keeps_and_mode_create_truncates_an_existing_file(LogMode mode, string kept)
    {
        var path = _directory.Combine("a.log");
        File.WriteAllText(path, "old line\n");
        using (var provider = Provider(new LoggingSettings { LogPath = path, Mode = mode, LinePrefix = "" }))
        {
            provider.CreateLogger("C").LogInformation("new");
        }
        Assert.Equal(kept + "INFO  C new\n", File.ReadAllText(path));
    }

    [Fact]
    public void A_full_file_is_renamed_with_a_numeric_suffix_when_the_name_does_not_change()
    {
        var path = _directory.Combine("a.log");
        using (var provider = Provider(new LoggingSettings { LogPath = path, LinePrefix = "", RotationSize = 30 }))
        {
            var logger = provider.CreateLogger("C");
            for (var i = 0; i < 5; i++)
            {
                logger.LogInformation("line number {N}", i); // 23 bytes each
            }
        }
        // Rotation happens before a line once the file holds >= 30 bytes: two lines per file.
        Assert.Equal(["a.log", "a.log.1", "a.log.2"], LogFiles());
        Assert.Equal("INFO  C line number 0\nINFO  C line number 1\n", File.ReadAllText(path + ".1"));
        Assert.Equal("INFO  C line number 2\nINFO  C line number 3\n", File.ReadAllText(path + ".2"));
        Assert.Equal("INFO  C line number 4\n", File.ReadAllText(path));
    }

    [Fact]
    public void An_old_file_is_rotated_to_the_newly_expanded_name()
    {
        using var provider = Provider(new LoggingSettings
        {
            LogPath = _directory.Combine("agroal-%H%M.log"), LinePrefix = "", RotationAge = TimeSpan.FromMinutes(1),
        });
        var logger = provider.CreateLogger("C");
        logger.LogInformation("first");
        _time.Advance(TimeSpan.FromSeconds(59));
        logger.LogInformation("still young");
        _time.Advance(TimeSpan.FromSeconds(1));
        logger.LogInformation("rotated");

        Assert.Equal(["agroal-0304.log", "agroal-0305.log"], LogFiles());
        Assert.Equal("INFO  C first\nINFO  C still young\n", File.ReadAllText(_directory.Combine("agroal-0304.log")));
        Assert.Equal("INFO  C rotated\n", File.ReadAllText(_directory.Combine("agroal-0305.log")));
        Assert.Equal(_directory.Combine("agroal-0305.log"), provider.CurrentFile);
    }

    [Fact]
    public void Without_rotation_settings_the_file_only_grows()
    {
        var path = _directory.Combine("a.log");
        using (var provider = Provider(new LoggingSettings { LogPath = path }))
        {
            var logger = provider.CreateLogger("C");
            for (var i = 0; i < 20; i++)
            {
                _time.Advance(TimeSpan.FromDays(1));
                logger.LogInformation("line");
            }
        }
        Assert.Equal(["a.log"], LogFiles());
    }

    [Fact]
    public void Reconfigure_to_another_path_writes_there_and_keeps_the_counters()
    {
        using var provider = Provider(new LoggingSettings { LogPath = _directory.Combine("a.log"), LinePrefix = "" });
        var logger = provider.CreateLogger("C");
        logger.LogInformation("to a");
        provider.Reconfigure(provider.Settings with { LogPath = _directory.Combine("b.log") });
        logger.LogInformation("to b");

        Assert.Equal("INFO  C to a\n", File.ReadAllText(_directory.Combine("a.log")));
        Assert.Equal("INFO  C to b\n", File.ReadAllText(_directory.Combine("b.log")));
        Assert.Equal(2, provider.Counters.Info);
    }

    [Fact]
    public void A_file_that_cannot_be_opened_falls_back_to_the_console_with_a_warning()
    {
        using var provider = Provider(new LoggingSettings { LogPath = _directory.Combine("missing-dir/a.log"), LinePrefix = "" });
        provider.CreateLogger("C").LogInformation("still logged");
        var lines = _console.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("WARN  Logging could not open log file", lines[0], StringComparison.Ordinal);
        Assert.Equal("INFO  C still logged", lines[1]);
        Assert.Equal(1, provider.Counters.Warn);
    }

    [Fact]
    public async Task Concurrent_writers_never_interleave_within_a_line()
    {
        var path = _directory.Combine("a.log");
        using (var provider = Provider(new LoggingSettings { LogPath = path, LinePrefix = "", RotationSize = 4096 }))
        {
            var logger = provider.CreateLogger("C");
            await Task.WhenAll(Enumerable.Range(0, 4).Select(writer => Task.Run(() =>
            {
                for (var i = 0; i < 200; i++)
                {
                    logger.LogInformation("writer={Writer} i={I} payload={Payload}", writer, i, new string('x', 40));
                }
            })));
        }
        var lines = Directory.GetFiles(_directory.Path).SelectMany(File.ReadAllLines).ToArray();
        Assert.Equal(800, lines.Length);
        Assert.All(lines, line => Assert.Matches(@"^INFO  C writer=\d i=\d+ payload=x{40}$", line));
    }
}
