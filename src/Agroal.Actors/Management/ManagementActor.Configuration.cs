using Agroal.Actors.Management.Configuration;
using Agroal.Actors.Management.Wire;

namespace Agroal.Actors.Management;

public sealed partial class ManagementActor
{
    private CommandResult Reload(ManagementRequest request)
    {
        if (_settings.Configuration is not { } control)
        {
            return Unavailable();
        }
        var result = control.ReloadFromFiles();
        if (!result.Succeeded)
        {
            return CommandResult.Fail(ManagementErrorCode.OperationFailed, $"reload rejected: {result.Error}");
        }
        ManagementDocument.ResponseOf(request.Document)[ManagementKeys.Restart] = result.RestartRequired;
        return CommandResult.Ok;
    }

    private CommandResult ConfigGet(ManagementRequest request)
    {
        if (_settings.Configuration is not { } control)
        {
            return Unavailable();
        }
        ConfigurationDocument.FillFull(ManagementDocument.ResponseOf(request.Document), control.Current);
        return CommandResult.Ok;
    }

    private CommandResult ConfigSet(ManagementRequest request)
    {
        if (_settings.Configuration is not { } control)
        {
            return Unavailable();
        }
        var error = ConfigurationSetCommand.Run(control, request.GetString(ManagementKeys.ConfigKey), request.GetString(ManagementKeys.ConfigValue),
            ManagementDocument.ResponseOf(request.Document), out var reason);
        return error == 0 ? CommandResult.Ok : CommandResult.Fail(error, reason);
    }

    private CommandResult ConfigLs(ManagementRequest request)
    {
        if (_settings.Configuration is not { } control)
        {
            return Unavailable();
        }
        ConfigurationDocument.FillPaths(ManagementDocument.ResponseOf(request.Document), control.Current.Paths);
        return CommandResult.Ok;
    }

    private CommandResult ConfigAlias(ManagementRequest request)
    {
        if (_settings.Configuration is not { } control)
        {
            return Unavailable();
        }
        ConfigurationDocument.FillAliases(ManagementDocument.ResponseOf(request.Document), control.Current.Limits);
        return CommandResult.Ok;
    }

    private static CommandResult Unavailable() =>
        CommandResult.Fail(ManagementErrorCode.ConfigurationUnavailable, "this endpoint runs without the configuration files");
}
