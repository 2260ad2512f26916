using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Agroal.Actors.Management.Wire;

/// <summary>
/// Writes management documents the way pgagroal's own JSON parser (json.c) can read them: text in UTF-8 as is, and
/// only the escapes that parser knows, <c>\" \\ \n \t \r</c>. System.Text.Json's <c>\uXXXX</c> escapes (for <c>'</c>,
/// <c>+</c>, <c>"</c> or any non-ASCII letter) make pgagroal-cli reject the whole reply.
/// <para>
/// Other control characters (U+0000..U+001F besides tab, newline and carriage return) have no escape that both
/// pgagroal's parser and a strict JSON reader accept: raw they break strict readers (and a NUL cuts pgagroal's C string
/// short), escaped as <c>\u00XX</c> they break pgagroal. They are written as <c>?</c>, which is also what PostgreSQL
/// itself does to such characters in application_name; a lone surrogate becomes U+FFFD as in any UTF-8 encoding.
/// </para>
/// </summary>
public static class ManagementJson
{
    /// <summary>The stand-in for a control character that has no escape pgagroal reads.</summary>
    public const char ControlReplacement = '?';

    public static string Write(JsonNode? node, bool indented = false)
    {
        var builder = new StringBuilder(256);
        WriteNode(builder, node, indented, 0);
        return builder.ToString();
    }

    private static void WriteNode(StringBuilder builder, JsonNode? node, bool indented, int depth)
    {
        switch (node)
        {
            case null:
                builder.Append("null");
                break;
            case JsonObject obj:
                WriteObject(builder, obj, indented, depth);
                break;
            case JsonArray array:
                WriteArray(builder, array, indented, depth);
                break;
            case JsonValue value:
                WriteValue(builder, value);
                break;
        }
    }

    private static void WriteObject(StringBuilder builder, JsonObject obj, bool indented, int depth)
    {
        builder.Append('{');
        var first = true;
        foreach (var (key, child) in obj)
        {
            if (!first)
            {
                builder.Append(',');
            }
            first = false;
            NewLine(builder, indented, depth + 1);
            WriteString(builder, key);
            builder.Append(indented ? ": " : ":");
            WriteNode(builder, child, indented, depth + 1);
        }
        if (!first)
        {
            NewLine(builder, indented, depth);
        }
        builder.Append('}');
    }

    private static void WriteArray(StringBuilder builder, JsonArray array, bool indented, int depth)
    {
        builder.Append('[');
        for (var i = 0; i < array.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }
            NewLine(builder, indented, depth + 1);
            WriteNode(builder, array[i], indented, depth + 1);
        }
        if (array.Count > 0)
        {
            NewLine(builder, indented, depth);
        }
        builder.Append(']');
    }

    private static void WriteValue(StringBuilder builder, JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                WriteString(builder, value.TryGetValue(out string? text) ? text : value.ToString());
                break;
            case JsonValueKind.True:
                builder.Append("true");
                break;
            case JsonValueKind.False:
                builder.Append("false");
                break;
            case JsonValueKind.Number:
                // Numbers never need escaping; System.Text.Json prints them invariantly.
                builder.Append(value.ToJsonString());
                break;
            default:
                builder.Append("null");
                break;
        }
    }

    private static void WriteString(StringBuilder builder, string text)
    {
        builder.Append('"');
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case < ' ':
                    builder.Append(ControlReplacement);
                    break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                    {
                        builder.Append(c).Append(text[++i]);
                    }
                    else if (char.IsSurrogate(c))
                    {
                        builder.Append('\uFFFD');
                    }
                    else
                    {
                        builder.Append(c);
                    }
                    break;
            }
        }
        builder.Append('"');
    }

    private static void NewLine(StringBuilder builder, bool indented, int depth)
    {
        if (!indented)
        {
            return;
        }
        builder.Append('\n');
        builder.Append(' ', depth * 2);
    }
}
