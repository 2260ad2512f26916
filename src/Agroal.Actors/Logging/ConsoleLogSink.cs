using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Logging;

/// <summary>Lines on standard output, as pgagroal prints console logs.</summary>
internal sealed class ConsoleLogSink(TextWriter output) : ILogSink
{
    public void Write(LogLevel level, DateTimeOffset now, string prefix, string category, string message, string? exception) =>
        TextLogLine.Write(output, level, prefix, category, message, exception);

    public void Dispose()
    {
        // The console belongs to the process.
    }
}
