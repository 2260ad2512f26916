using Agroal.Actors.Configuration;
using Agroal.Actors.Hosting;

namespace Agroal.Tests.Configuration;

public sealed class ConsoleKeyTests
{
    [Fact]
    public void Console_without_metrics_is_refused_with_the_reason()
    {
        using var config = TempConfig.WithMainKeys("console = 5083\n");
        var result = config.Load();
        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Message.Contains("console: needs metrics", StringComparison.Ordinal));
    }

    [Fact]
    public void Console_on_the_metrics_port_is_refused()
    {
        using var config = TempConfig.WithMainKeys("metrics = 5081\nconsole = 5081\n");
        var result = config.Load();
        Assert.Contains(result.Errors, e => e.Message.Contains("console: port 5081 is already used", StringComparison.Ordinal));
    }

    [Fact]
    public void Console_with_metrics_reaches_the_endpoint_settings()
    {
        using var config = TempConfig.WithMainKeys("metrics = 5081\nconsole = 5083\n");
        var settings = ServerSettingsMapper.ToMetricsSettings(config.LoadValid());
        Assert.Equal(5083, settings!.ConsolePort);
    }
}
