using Agroal.Actors.Runtime;
using Agroal.Tests.Integration.Fixtures;

namespace Agroal.Tests.Runtime;

public sealed class RuntimeHoconTests
{
    [Fact]
    public void The_embedded_defaults_load_the_figures_extension_counting_guardian_and_quiet_dead_letters()
    {
        var config = RuntimeHocon.Load(null);
        Assert.Contains("Agroal.Actors.Runtime.ActorFiguresId, agroal", config.GetStringList("akka.extensions"));
        Assert.Equal("Agroal.Actors.Runtime.CountingGuardianStrategy, agroal", config.GetString("akka.actor.guardian-supervisor-strategy"));
        Assert.Equal("off", config.GetString("akka.log-dead-letters"));
        Assert.False(config.GetBoolean("akka.coordinated-shutdown.run-by-clr-shutdown-hook"));
        Assert.False(config.GetBoolean("akka.coordinated-shutdown.exit-clr"));
    }

    [Fact]
    public void A_user_file_overrides_only_the_keys_it_sets()
    {
        using var directory = TempDirectory.Create();
        var file = directory.Combine("runtime.conf");
        File.WriteAllText(file, "akka.scheduler.tick-duration = 20ms\nakka.actor.default-dispatcher.throughput = 7\n");

        var config = RuntimeHocon.Load(file);

        Assert.Equal(TimeSpan.FromMilliseconds(20), config.GetTimeSpan("akka.scheduler.tick-duration"));
        Assert.Equal(7, config.GetInt("akka.actor.default-dispatcher.throughput"));
        Assert.Equal("off", config.GetString("akka.log-dead-letters"));
    }

    [Fact]
    public void A_file_that_does_not_parse_is_refused_with_its_path()
    {
        using var directory = TempDirectory.Create();
        var file = directory.Combine("broken.conf");
        File.WriteAllText(file, "akka.scheduler.tick-duration = ${no.such.key}\n");

        var error = Assert.Throws<RuntimeHoconException>(() => RuntimeHocon.Load(file));

        Assert.StartsWith(file + ": invalid HOCON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_refused_with_its_path()
    {
        var error = Assert.Throws<RuntimeHoconException>(() => RuntimeHocon.Load("/nonexistent/agroal-runtime.conf"));
        Assert.StartsWith("/nonexistent/agroal-runtime.conf: cannot read", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_rendered_configuration_holds_the_overrides_and_akkas_own_values()
    {
        using var directory = TempDirectory.Create();
        var file = directory.Combine("runtime.conf");
        File.WriteAllText(file, "akka.scheduler.tick-duration = 20ms\n");

        var text = RuntimeHocon.Render(RuntimeHocon.Load(file));

        Assert.Contains("tick-duration : 20ms", text.Replace(" = ", " : ", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("guardian-supervisor-strategy", text, StringComparison.Ordinal);
        Assert.Contains("ask-timeout", text, StringComparison.Ordinal);
    }
}
