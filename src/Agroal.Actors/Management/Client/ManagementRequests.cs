using System.Text.Json.Nodes;
using Agroal.Actors.Management.Wire;

namespace Agroal.Actors.Management.Client;

/// <summary>The request documents pgagroal-cli 2.x sends, one factory per command.</summary>
public static class ManagementRequests
{
    public static JsonObject Simple(ManagementCommandId command, int output = ManagementDocument.OutputText) =>
        ManagementDocument.CreateRequest(command, output);

    /// <param name="mode">0 idle, 1 gracefully, 2 all.</param>
    /// <param name="database">A database, or "*" for all.</param>
    public static JsonObject Flush(int mode, string database, int output = ManagementDocument.OutputText)
    {
        var document = ManagementDocument.CreateRequest(ManagementCommandId.Flush, output);
        var request = ManagementDocument.RequestOf(document);
        request[ManagementKeys.Mode] = mode;
        request[ManagementKeys.Database] = database;
        return document;
    }

    public static JsonObject Enable(string database, int output = ManagementDocument.OutputText) =>
        WithArgument(ManagementCommandId.EnableDatabase, ManagementKeys.Database, database, output);

    public static JsonObject Disable(string database, int output = ManagementDocument.OutputText) =>
        WithArgument(ManagementCommandId.DisableDatabase, ManagementKeys.Database, database, output);

    public static JsonObject SwitchTo(string server, int output = ManagementDocument.OutputText) =>
        WithArgument(ManagementCommandId.SwitchTo, ManagementKeys.Server, server, output);

    /// <summary>GET_PASSWORD (9): a frontend user's current password, as pgagroal-vault asks for it.</summary>
    public static JsonObject GetPassword(string user, int output = ManagementDocument.OutputJson) =>
        WithArgument(ManagementCommandId.GetPassword, ManagementKeys.Username, user, output);

    public static JsonObject ClearServer(string server, int output = ManagementDocument.OutputText) =>
        WithArgument(ManagementCommandId.ClearServer, ManagementKeys.Server, server, output);

    /// <summary>cluster leave (agroal's own command 101): the member leaves gracefully.</summary>
    public static JsonObject ClusterLeave(string address, int output = ManagementDocument.OutputText) =>
        WithArgument(ManagementCommandId.ClusterLeave, ManagementKeys.Address, address, output);

    /// <summary>cluster down (agroal's own command 102): the member is marked Down.</summary>
    public static JsonObject ClusterDown(string address, int output = ManagementDocument.OutputText) =>
        WithArgument(ManagementCommandId.ClusterDown, ManagementKeys.Address, address, output);

    public static JsonObject ConfSet(string key, string value, int output = ManagementDocument.OutputText)
    {
        var document = ManagementDocument.CreateRequest(ManagementCommandId.ConfigSet, output);
        var request = ManagementDocument.RequestOf(document);
        request[ManagementKeys.ConfigKey] = key;
        request[ManagementKeys.ConfigValue] = value;
        return document;
    }

    private static JsonObject WithArgument(ManagementCommandId command, string key, string value, int output)
    {
        var document = ManagementDocument.CreateRequest(command, output);
        ManagementDocument.RequestOf(document)[key] = value;
        return document;
    }
}
