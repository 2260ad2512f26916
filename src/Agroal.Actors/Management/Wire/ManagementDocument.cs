using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Agroal.Actors.Management.Wire;

/// <summary>
/// Builds and reads pgagroal 2.x's management document: <c>Header</c> (command, versions, output, timestamp,
/// compression, encryption), <c>Request</c> (the arguments), and on the way back <c>Response</c> and <c>Outcome</c>.
/// </summary>
public static class ManagementDocument
{
    /// <summary>
    /// The pgagroal release whose management protocol agroal speaks (its document shapes: the Servers object, typed
    /// configuration values), reported as ClientVersion and ServerVersion as pgagroal reports its own version.
    /// </summary>
    public const string ProtocolVersion = "2.1.0";

    public const int OutputRaw = 2;

    public const int OutputText = 0;
    public const int OutputJson = 1;

    public static JsonObject CreateRequest(ManagementCommandId command, int output, TimeProvider? clock = null)
    {
        var now = (clock ?? TimeProvider.System).GetLocalNow();
        return new JsonObject
        {
            [ManagementKeys.Header] = new JsonObject
            {
                [ManagementKeys.Command] = (int)command,
                [ManagementKeys.ClientVersion] = ProtocolVersion,
                [ManagementKeys.Output] = output,
                [ManagementKeys.Timestamp] = now.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture),
                [ManagementKeys.Compression] = 0,
                [ManagementKeys.Encryption] = 0,
            },
            [ManagementKeys.Request] = new JsonObject(),
        };
    }

    /// <summary>The Request object of a document, created when missing.</summary>
    public static JsonObject RequestOf(JsonObject document) => ChildObject(document, ManagementKeys.Request);

    /// <summary>The Response object of a document, created with the ServerVersion when missing.</summary>
    public static JsonObject ResponseOf(JsonObject document)
    {
        if (document[ManagementKeys.Response] is JsonObject existing)
        {
            return existing;
        }
        var response = new JsonObject { [ManagementKeys.ServerVersion] = ProtocolVersion };
        document[ManagementKeys.Response] = response;
        return response;
    }

    public static void Succeed(JsonObject document, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(document);
        ResponseOf(document);
        document[ManagementKeys.Outcome] = new JsonObject
        {
            [ManagementKeys.Status] = true,
            [ManagementKeys.Time] = FormatElapsed(elapsed),
        };
    }

    /// <param name="message">agroal's explanation; pgagroal clients ignore the extra field.</param>
    public static void Fail(JsonObject document, int error, string? message = null)
    {
        ArgumentNullException.ThrowIfNull(document);
        var outcome = new JsonObject
        {
            [ManagementKeys.Status] = false,
            [ManagementKeys.Error] = error,
        };
        if (message is not null)
        {
            outcome[ManagementKeys.Message] = message;
        }
        document[ManagementKeys.Outcome] = outcome;
    }

    /// <summary>The answer to a frame that could not be read as a document at all.</summary>
    public static JsonObject ErrorOnly(int error, string message)
    {
        var document = new JsonObject();
        Fail(document, error, message);
        return document;
    }

    /// <summary>Parses a request; false with a reason when it is not JSON or has no usable Header.Command.</summary>
    public static bool TryParseRequest(string json, out ManagementRequest request, out string error)
    {
        request = default!;
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException ex)
        {
            error = $"not valid JSON: {ex.Message}";
            return false;
        }
        if (node is not JsonObject document || document[ManagementKeys.Header] is not JsonObject header)
        {
            error = "the document has no Header object";
            return false;
        }
        if (!TryGetInt(header, ManagementKeys.Command, out var command))
        {
            error = "the Header has no integer Command";
            return false;
        }
        request = new ManagementRequest(command, document);
        error = "";
        return true;
    }

    public static bool TryParseResponse(string json, out JsonObject document)
    {
        document = null!;
        try
        {
            if (JsonNode.Parse(json) is JsonObject parsed)
            {
                document = parsed;
                return true;
            }
        }
        catch (JsonException)
        {
        }
        return false;
    }

    public static bool TryGetInt(JsonObject? node, string key, out int value)
    {
        value = 0;
        if (node?[key] is not JsonValue field)
        {
            return false;
        }
        if (field.TryGetValue(out int direct))
        {
            value = direct;
            return true;
        }
        if (field.TryGetValue(out long wide) && wide is >= int.MinValue and <= int.MaxValue)
        {
            value = (int)wide;
            return true;
        }
        if (field.TryGetValue(out JsonElement element) && element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out direct))
        {
            value = direct;
            return true;
        }
        return false;
    }

    public static bool TryGetLong(JsonObject? node, string key, out long value)
    {
        value = 0;
        if (node?[key] is not JsonValue field)
        {
            return false;
        }
        if (field.TryGetValue(out long wide))
        {
            value = wide;
            return true;
        }
        if (field.TryGetValue(out int narrow))
        {
            value = narrow;
            return true;
        }
        if (field.TryGetValue(out JsonElement element) && element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out wide))
        {
            value = wide;
            return true;
        }
        return false;
    }

    public static string? GetString(JsonObject? node, string key) =>
        node?[key] is JsonValue field && field.TryGetValue(out string? text) ? text : null;

    public static bool? GetBool(JsonObject? node, string key) =>
        node?[key] is JsonValue field && field.TryGetValue(out bool flag) ? flag : null;

    /// <summary>Status true/false of a response's Outcome, and its error code when false.</summary>
    public static bool IsSuccess(JsonObject document, out int error)
    {
        error = 0;
        var outcome = document[ManagementKeys.Outcome] as JsonObject;
        if (GetBool(outcome, ManagementKeys.Status) == true)
        {
            return true;
        }
        if (!TryGetInt(outcome, ManagementKeys.Error, out error))
        {
            error = ManagementErrorCode.BadPayload;
        }
        return false;
    }

    private static JsonObject ChildObject(JsonObject document, string key)
    {
        if (document[key] is JsonObject existing)
        {
            return existing;
        }
        var child = new JsonObject();
        document[key] = child;
        return child;
    }

    private static string FormatElapsed(TimeSpan elapsed) =>
        string.Create(CultureInfo.InvariantCulture, $"{(int)elapsed.TotalHours:00}:{elapsed.Minutes:00}:{elapsed.Seconds:00}");
}
