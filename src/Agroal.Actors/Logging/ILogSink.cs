using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Logging;

/// <summary>Where formatted lines go. Calls are serialised by the provider's lock.</summary>
internal interface ILogSink : IDisposable
{
    /// <summary>Writes one event; the pieces are written as they are, without building a line string.</summary>
    void Write(LogLevel level, DateTimeOffset now, string prefix, string category, string message, string? exception);
}
