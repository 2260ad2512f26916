using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Logging;

/// <summary>The console and file line layout: <c>prefix LEVEL category message</c>.</summary>
internal static class TextLogLine
{
    public static void Write(TextWriter writer, LogLevel level, string prefix, string category, string message, string? exception)
    {
        if (prefix.Length > 0)
        {
            writer.Write(prefix);
            writer.Write(' ');
        }
        writer.Write(LogLevelNames.Label(level));
        writer.Write(' ');
        writer.Write(category);
        writer.Write(' ');
        writer.Write(message);
        if (exception is not null)
        {
            writer.Write(exception);
        }
        writer.Write('\n');
        writer.Flush();
    }
}
