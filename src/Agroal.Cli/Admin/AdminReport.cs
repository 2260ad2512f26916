using System.Text.Json;
using Agroal.Cli.Hosting;

namespace Agroal.Cli.Admin;

/// <summary>
/// How admin commands answer: a line of text or one JSON object on stdout when they succeed (exit 0),
/// a message on stderr when they fail (exit 1).
/// </summary>
internal sealed class AdminReport(CliConsole console, OutputFormat format, string command)
{
    internal const int Success = 0;
    internal const int Failure = 1;

    internal int Fail(string message)
    {
        console.Error.WriteLine($"agroal-cli admin {command}: {message}");
        return Failure;
    }

    /// <param name="text">Lines for the text format.</param>
    /// <param name="fields">Extra members of the JSON object, after Command and Status.</param>
    internal int Succeed(IEnumerable<string> text, Action<Utf8JsonWriter>? fields = null)
    {
        if (format == OutputFormat.Json)
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteString("Command", command);
                json.WriteBoolean("Status", true);
                fields?.Invoke(json);
                json.WriteEndObject();
            }

            console.Out.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
        }
        else
        {
            foreach (var line in text)
            {
                console.Out.WriteLine(line);
            }
        }

        return Success;
    }
}
