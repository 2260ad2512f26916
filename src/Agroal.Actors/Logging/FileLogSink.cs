using Agroal.Actors.Configuration;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Logging;

/// <summary>
/// A log file named by a strftime pattern. Before a line is written, the file is rotated when it already
/// holds <c>RotationSize</c> bytes or was opened <c>RotationAge</c> ago: the pattern is expanded again and,
/// when that gives the same name, the old file is renamed to the first free <c>name.N</c>.
/// </summary>
internal sealed class FileLogSink : ILogSink
{
    private readonly string _pattern;
    private readonly LogMode _mode;
    private FileStream _stream;
    private StreamWriter _writer;
    private DateTimeOffset _openedAt;

    private FileLogSink(string pattern, LogMode mode, TimeSpan rotationAge, long rotationSize, DateTimeOffset now)
    {
        _pattern = pattern;
        _mode = mode;
        RotationAge = rotationAge;
        RotationSize = rotationSize;
        (_stream, _writer) = Open(StrftimeFormatter.Format(pattern, now), mode);
        CurrentPath = _stream.Name;
        _openedAt = now;
    }

    public string CurrentPath { get; private set; }
    public TimeSpan RotationAge { get; set; }
    public long RotationSize { get; set; }

    /// <summary>Opens the file the pattern names now, or returns why it cannot.</summary>
    public static FileLogSink? TryOpen(LoggingSettings settings, DateTimeOffset now, out string? error)
    {
        try
        {
            error = null;
            return new FileLogSink(settings.LogPath, settings.Mode, settings.RotationAge, settings.RotationSize, now);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            error = $"could not open log file {StrftimeFormatter.Format(settings.LogPath, now)}: {ex.Message}";
            return null;
        }
    }

    public void Write(LogLevel level, DateTimeOffset now, string prefix, string category, string message, string? exception)
    {
        if (RotationDue(now))
        {
            Rotate(now);
        }
        TextLogLine.Write(_writer, level, prefix, category, message, exception);
    }

    public void Dispose() => _writer.Dispose();

    private bool RotationDue(DateTimeOffset now) =>
        (RotationSize > 0 && _stream.Position >= RotationSize)
        || (RotationAge > TimeSpan.Zero && now - _openedAt >= RotationAge);

    private void Rotate(DateTimeOffset now)
    {
        var next = Path.GetFullPath(StrftimeFormatter.Format(_pattern, now));
        _writer.Dispose();
        try
        {
            if (next == CurrentPath)
            {
                File.Move(CurrentPath, FreeSuffixedName(CurrentPath));
            }
            (_stream, _writer) = Open(next, _mode);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Keep logging somewhere: back to the file we had, appending.
            (_stream, _writer) = Open(CurrentPath, LogMode.Append);
        }
        CurrentPath = _stream.Name;
        _openedAt = now;
    }

    private static string FreeSuffixedName(string path)
    {
        for (var n = 1; ; n++)
        {
            var candidate = path + "." + n.ToString(CultureInfo.InvariantCulture);
            if (!File.Exists(candidate))
            {
                return candidate;
            }
        }
    }

    private static (FileStream, StreamWriter) Open(string path, LogMode mode)
    {
        var stream = new FileStream(
            path,
            mode == LogMode.Create ? FileMode.Create : FileMode.Append,
            FileAccess.Write,
            FileShare.ReadWrite | FileShare.Delete,
            bufferSize: 0);
        return (stream, new StreamWriter(stream, bufferSize: 4096) { AutoFlush = false });
    }
}
