using Agroal.Actors.Configuration;

namespace Agroal.Tests.Configuration;

/// <summary>Keys whose asked-for behaviour agroal lacks stop start-up with the reason instead of being ignored.</summary>
public sealed class UnsupportedKeysTests
{
    [Theory]
    [InlineData("ev_backend = io_uring", "ev_backend: io_uring and kqueue are not available")]
    [InlineData("hugepage = on", "hugepage: on is not supported")]
    public void A_main_key_asking_for_missing_behaviour_stops_start_up_at_its_line(string keys, string message)
    {
        using var config = TempConfig.WithMainKeys(keys);
        var result = config.Load();
        Assert.False(result.Succeeded);
        // Line 2: the key comes right after [pgagroal].
        Assert.Contains(result.Errors, e => e.Line == 2 && e.Message.StartsWith(message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("tracker = off")]
    [InlineData("tracker = on")]
    [InlineData("rotate_frontend_password_timeout = 0")]
    [InlineData("startup_validation = try")]
    [InlineData("startup_validation = off")]
    [InlineData("startup_validation = on")]
    [InlineData("ev_backend = epoll")]
    [InlineData("ev_backend = dotnet")]
    [InlineData("hugepage = try")]
    public void The_values_that_ask_for_nothing_are_accepted(string keys)
    {
        using var config = TempConfig.WithMainKeys(keys);
        Assert.True(config.Load().Succeeded);
    }

    [Fact]
    public void An_explicit_update_process_title_warns_that_it_has_no_effect()
    {
        using var config = TempConfig.WithMainKeys("update_process_title = verbose");
        var result = config.Load();
        Assert.True(result.Succeeded);
        Assert.Contains(result.Warnings, w => w.Message.StartsWith("update_process_title: has no effect", StringComparison.Ordinal));
    }

    [Fact]
    public void Channel_binding_require_without_tls_stops_start_up_naming_the_server()
    {
        using var config = TempConfig.WithMainKeys("", "\n[primary]\nhost = localhost\nport = 5432\nchannel_binding = require\n");
        var result = config.Load();
        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Message.StartsWith("[primary] channel_binding: require needs tls = on", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("require")]
    [InlineData("prefer")]
    [InlineData("disabled")]
    public void Channel_binding_over_tls_is_accepted_without_a_warning(string mode)
    {
        using var config = TempConfig.WithMainKeys("", $"\n[primary]\nhost = localhost\nport = 5432\ntls = on\nchannel_binding = {mode}\n");
        var result = config.Load();
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.DoesNotContain(result.Warnings, w => w.Message.Contains("channel_binding", StringComparison.Ordinal));
    }
}
