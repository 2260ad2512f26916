using System.Text.Json.Nodes;

namespace Agroal.Actors.Management.Wire;

/// <summary>A parsed management request. The document is the one the response is written into, as pgagroal does.</summary>
public sealed record ManagementRequest(int RawCommand, JsonObject Document)
{
    public ManagementCommandId Command =>
        Enum.IsDefined(typeof(ManagementCommandId), RawCommand) ? (ManagementCommandId)RawCommand : ManagementCommandId.Unknown;

    public JsonObject Arguments => ManagementDocument.RequestOf(Document);

    public string? GetString(string key) => ManagementDocument.GetString(Arguments, key);

    public int? GetInt(string key) => ManagementDocument.TryGetInt(Arguments, key, out var value) ? value : null;
}
