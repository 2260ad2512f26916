using System.Text.Json.Nodes;
using Agroal.Actors.Configuration;
using Agroal.Actors.Management.Wire;

namespace Agroal.Actors.Management.Configuration;

/// <summary>
/// <c>conf set</c>: validates the change on a copy (<see cref="ConfigurationEditor"/>), applies it when it changes live,
/// and otherwise keeps the running value and answers <c>success_restart_required</c>, as pgagroal does.
/// </summary>
public static class ConfigurationSetCommand
{
    public const string StatusSuccess = "success";
    public const string StatusRestartRequired = "success_restart_required";

    /// <returns>0 with <paramref name="response"/> filled, or a pgagroal error code with a reason in <paramref name="error"/>.</returns>
    public static int Run(IConfigurationControl control, string? key, string? value, JsonObject response, out string error)
    {
        ArgumentNullException.ThrowIfNull(control);
        ArgumentNullException.ThrowIfNull(response);
        if (string.IsNullOrEmpty(key) || value is null)
        {
            error = "conf set needs a key and a value";
            return ManagementErrorCode.ConfSetNoKeyOrValue;
        }
        var current = control.Current;
        if (!ConfigurationEditor.TrySet(current, key, value, out var updated, out error))
        {
            return Classify(error);
        }
        ConfigurationReader.TryGet(current, key, out var oldValue);
        ConfigurationReader.TryGet(updated, key, out var newValue);
        var changes = ConfigurationDiff.Compute(current, updated).Changes;
        var restart = false;
        foreach (var change in changes)
        {
            restart |= change.Effect == ReloadEffect.RequiresRestart;
        }

        response["config_key"] = key;
        response["restart_required"] = restart;
        if (restart)
        {
            response["status"] = StatusRestartRequired;
            response["message"] = "Configuration change requires restart. Current values preserved.";
            response["current_value"] = oldValue;
            response["requested_value"] = newValue;
            return 0;
        }
        if (changes.Count > 0)
        {
            var applied = control.Apply(updated);
            if (!applied.Succeeded)
            {
                error = applied.Error ?? "the change was rejected";
                return ManagementErrorCode.ConfSetError;
            }
        }
        response["status"] = StatusSuccess;
        response["message"] = "Configuration change applied successfully";
        response["old_value"] = oldValue;
        response["new_value"] = newValue;
        return 0;
    }

    private static int Classify(string error)
    {
        if (error.StartsWith("unknown server", StringComparison.Ordinal))
        {
            return ManagementErrorCode.ConfSetUnknownServer;
        }
        if (error.StartsWith("unknown key", StringComparison.Ordinal))
        {
            return ManagementErrorCode.ConfSetUnknownKey;
        }
        return ManagementErrorCode.ConfSetError;
    }
}
