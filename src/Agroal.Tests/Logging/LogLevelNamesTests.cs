using Agroal.Actors.Logging;
using Microsoft.Extensions.Logging;

namespace Agroal.Tests.Logging;

public sealed class LogLevelNamesTests
{
    [Theory]
    [InlineData("fatal", LogLevel.Critical)]
    [InlineData("error", LogLevel.Error)]
    [InlineData("warn", LogLevel.Warning)]
    [InlineData("info", LogLevel.Information)]
    [InlineData("INFO", LogLevel.Information)]
    [InlineData("debug", LogLevel.Debug)]
    [InlineData("debug1", LogLevel.Debug)]
    [InlineData("debug4", LogLevel.Debug)]
    [InlineData("debug5", LogLevel.Trace)]
    [InlineData("trace", LogLevel.Trace)]
    public void Pgagroal_level_names_map_to_logging_levels(string name, LogLevel expected)
    {
        Assert.True(LogLevelNames.TryParse(name, out var level));
        Assert.Equal(expected, level);
    }

    [Theory]
    [InlineData("verbose")]
    [InlineData("debug6")]
    [InlineData("")]
    [InlineData(null)]
    public void Unknown_level_names_fall_back_to_info(string? name)
    {
        Assert.False(LogLevelNames.TryParse(name, out var level));
        Assert.Equal(LogLevel.Information, level);
    }

    [Theory]
    [InlineData(LogLevel.Trace, "TRACE")]
    [InlineData(LogLevel.Debug, "DEBUG")]
    [InlineData(LogLevel.Information, "INFO ")]
    [InlineData(LogLevel.Warning, "WARN ")]
    [InlineData(LogLevel.Error, "ERROR")]
    [InlineData(LogLevel.Critical, "FATAL")]
    public void Labels_are_pgagroal_level_names(LogLevel level, string label)
    {
        Assert.Equal(label, LogLevelNames.Label(level));
    }
}
