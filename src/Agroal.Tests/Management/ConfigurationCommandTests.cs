using Agroal.Actors.Management.Client;
using Agroal.Actors.Management.Configuration;
using Agroal.Actors.Management.Wire;

namespace Agroal.Tests.Management;

public sealed class ConfigurationCommandTests
{
    [Fact]
    public async Task Conf_get_returns_main_keys_and_servers_typed_as_pgagroal_2_1_with_limits_and_hba()
    {
        await using var bed = await ManagementTestBed.StartAsync();

        var reply = await bed.SendAsync(ManagementRequests.Simple(ManagementCommandId.ConfigGet));
        var response = reply["Response"]!.AsObject();

        Assert.Equal(10, response["max_connections"]!.GetValue<long>());
        Assert.Equal(5432, response["server"]!["primary"]!["port"]!.GetValue<long>());
        var main = bed.Configuration.Current.Main;
        var blocking = (long)main.BlockingTimeout.TotalSeconds;
        Assert.Equal(blocking, response["blocking_timeout"]!["value"]!.GetValue<long>());
        Assert.Equal($"{blocking}s", response["blocking_timeout"]!["string_value"]!.GetValue<string>());
        Assert.Equal(main.LogType.ToString().ToLowerInvariant(), response["log_type"]!["string_value"]!.GetValue<string>());
        Assert.Equal(main.Tracker, response["tracker"]!.GetValue<bool>());
        Assert.Equal(main.NoDelay, response["nodelay"]!.GetValue<bool>());
        Assert.Equal(main.HealthCheckUser, response["health_check_user"]!.GetValue<string>());
        Assert.Equal("5", response["limit"]!["appdb"]!["max_size"]!.GetValue<string>());
        Assert.Equal("scram-sha-256", response["hba"]!["all"]!["method"]!.GetValue<string>());
    }

    [Fact]
    public async Task Conf_set_of_a_live_key_applies_it_at_once()
    {
        await using var bed = await ManagementTestBed.StartAsync();

        var reply = await bed.SendAsync(ManagementRequests.ConfSet("blocking_timeout", "42"));
        var response = reply["Response"]!.AsObject();

        Assert.True(ManagementDocument.IsSuccess(reply, out _));
        Assert.Equal(ConfigurationSetCommand.StatusSuccess, response["status"]!.GetValue<string>());
        Assert.Equal("42", response["new_value"]!.GetValue<string>());
        Assert.False(response["restart_required"]!.GetValue<bool>());
        Assert.Equal(TimeSpan.FromSeconds(42), bed.Configuration.Current.Main.BlockingTimeout);
    }

    [Fact]
    public async Task Conf_set_of_a_restart_key_reports_restart_required_and_keeps_the_running_value()
    {
        await using var bed = await ManagementTestBed.StartAsync();

        var reply = await bed.SendAsync(ManagementRequests.ConfSet("max_connections", "20"));
        var response = reply["Response"]!.AsObject();

        Assert.True(ManagementDocument.IsSuccess(reply, out _));
        Assert.Equal(ConfigurationSetCommand.StatusRestartRequired, response["status"]!.GetValue<string>());
        Assert.Equal("10", response["current_value"]!.GetValue<string>());
        Assert.Equal("20", response["requested_value"]!.GetValue<string>());
        Assert.Equal(10, bed.Configuration.Current.Main.MaxConnections);
    }

    [Theory]
    [InlineData("no_such_key", "1", ManagementErrorCode.ConfSetUnknownKey)]
    [InlineData("server.nowhere.port", "1", ManagementErrorCode.ConfSetUnknownServer)]
    [InlineData("blocking_timeout", "soon", ManagementErrorCode.ConfSetError)]
    public async Task Conf_set_that_does_not_validate_answers_its_error_code_and_changes_nothing(string key, string value, int expected)
    {
        await using var bed = await ManagementTestBed.StartAsync();

        var reply = await bed.SendAsync(ManagementRequests.ConfSet(key, value));

        Assert.False(ManagementDocument.IsSuccess(reply, out var error));
        Assert.Equal(expected, error);
        Assert.Equal(0, bed.Configuration.Applied);
    }

    [Fact]
    public async Task Conf_set_without_a_value_answers_1004()
    {
        await using var bed = await ManagementTestBed.StartAsync();
        var request = ManagementRequests.Simple(ManagementCommandId.ConfigSet);
        ManagementDocument.RequestOf(request)["ConfigKey"] = "log_level";

        var reply = await bed.SendAsync(request);

        Assert.False(ManagementDocument.IsSuccess(reply, out var error));
        Assert.Equal(ManagementErrorCode.ConfSetNoKeyOrValue, error);
    }

    [Fact]
    public async Task Conf_reload_applies_live_changes_from_the_files_and_reports_restart_for_the_others()
    {
        await using var bed = await ManagementTestBed.StartAsync(extraMainKeys: "blocking_timeout = 30\n");
        var main = File.ReadAllText(bed.Config.MainFile!);
        bed.Config.Main(main.Replace("blocking_timeout = 30", "blocking_timeout = 7", StringComparison.Ordinal)
            .Replace("max_connections = 10", "max_connections = 12", StringComparison.Ordinal));

        var reply = await bed.SendAsync(ManagementRequests.Simple(ManagementCommandId.Reload));

        Assert.True(ManagementDocument.IsSuccess(reply, out _));
        Assert.True(reply["Response"]!["Restart"]!.GetValue<bool>());
        Assert.Equal(TimeSpan.FromSeconds(7), bed.Configuration.Current.Main.BlockingTimeout);
        Assert.Equal(10, bed.Configuration.Current.Main.MaxConnections);
    }

    [Fact]
    public async Task Conf_ls_and_conf_alias_describe_the_files_and_the_databases()
    {
        await using var bed = await ManagementTestBed.StartAsync();

        var ls = await bed.SendAsync(ManagementRequests.Simple(ManagementCommandId.ConfigLs));
        var alias = await bed.SendAsync(ManagementRequests.Simple(ManagementCommandId.ConfigAlias));

        Assert.Equal(bed.Config.MainFile, ls["Response"]!["main_configuration_path"]!.GetValue<string>());
        Assert.Equal(bed.Config.HbaFile, ls["Response"]!["hba_configuration_path"]!.GetValue<string>());
        var appdb = alias["Response"]!["Databases"]!["appdb"]!;
        Assert.Equal("alice", appdb["username"]!.GetValue<string>());
        Assert.Equal("appalias", appdb["aliases"]![0]!.GetValue<string>());
    }
}
