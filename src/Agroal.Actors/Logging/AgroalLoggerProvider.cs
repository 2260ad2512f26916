using Agroal.Actors.Configuration;
using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Logging;

/// <summary>
/// The process's log: console (stdout), file (strftime name, rotation) or syslog, one line per event,
/// <c>prefix LEVEL category message</c>. When the file or syslog cannot be opened it falls back to the
/// console and says so once at WARN. <see cref="Reconfigure"/> applies a reloaded configuration live.
/// </summary>
public sealed class AgroalLoggerProvider : ILoggerProvider
{
    private const string OwnCategory = "Logging";

    private readonly Lock _writeLock = new();
    private readonly TimeProvider _time;
    private readonly TextWriter _console;
    private volatile LoggingSettings _settings;
    private volatile int _minimumLevel;
    private volatile PrefixCache? _prefix;
    private ILogSink _sink;
    private bool _disposed;

    /// <param name="console">Console sink target; standard output when null.</param>
    public AgroalLoggerProvider(LoggingSettings settings, TimeProvider? time = null, TextWriter? console = null, LogCounters? counters = null)
    {
        _time = time ?? TimeProvider.System;
        _console = console ?? Console.Out;
        Counters = counters ?? new LogCounters();
        _settings = settings;
        _minimumLevel = (int)settings.Level;
        _sink = OpenSink(settings, out var warning);
        if (warning is not null)
        {
            Write(LogLevel.Warning, OwnCategory, warning, null);
        }
    }

    public LogCounters Counters { get; }

    public LoggingSettings Settings => _settings;

    /// <summary>The file currently written (null unless logging to a file).</summary>
    public string? CurrentFile
    {
        get
        {
            lock (_writeLock)
            {
                return (_sink as FileLogSink)?.CurrentPath;
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new AgroalLogger(this, ShortCategory(categoryName));

    /// <summary>Applies new settings: level and prefix at once; the sink is reopened only when it changed.</summary>
    public void Reconfigure(LoggingSettings settings)
    {
        string? warning = null;
        lock (_writeLock)
        {
            var current = _settings;
            var sinkChanged = settings.Type != current.Type
                || (settings.Type == LogType.File && (settings.LogPath != current.LogPath || settings.Mode != current.Mode))
                || (settings.Type == LogType.Syslog && (settings.SyslogSocket != current.SyslogSocket || settings.SyslogIdent != current.SyslogIdent));
            if (sinkChanged)
            {
                _sink.Dispose();
                _sink = OpenSink(settings, out warning);
            }
            else if (_sink is FileLogSink file)
            {
                file.RotationAge = settings.RotationAge;
                file.RotationSize = settings.RotationSize;
            }
            _settings = settings;
            _minimumLevel = (int)settings.Level;
            _prefix = null;
        }
        if (warning is not null)
        {
            Write(LogLevel.Warning, OwnCategory, warning, null);
        }
    }

    /// <summary>Closes and opens the sink again (SIGUSR1): a log file moved away by an outside rotation is created anew.</summary>
    public void Reopen()
    {
        string? warning;
        lock (_writeLock)
        {
            if (_disposed)
            {
                return;
            }
            _sink.Dispose();
            _sink = OpenSink(_settings, out warning);
        }
        if (warning is not null)
        {
            Write(LogLevel.Warning, OwnCategory, warning, null);
        }
    }

    public void Dispose()
    {
        lock (_writeLock)
        {
            if (!_disposed)
            {
                _disposed = true;
                _sink.Dispose();
            }
        }
    }

    internal bool IsEnabled(LogLevel level) => level != LogLevel.None && (int)level >= _minimumLevel;

    internal void Write(LogLevel level, string category, string message, Exception? exception)
    {
        Counters.Count(level);
        var now = _time.GetLocalNow();
        var prefix = Prefix(now);
        var exceptionText = exception is null ? null : " exception=" + OneLine(exception.ToString());
        lock (_writeLock)
        {
            if (!_disposed)
            {
                _sink.Write(level, now, prefix, category, message, exceptionText);
            }
        }
    }

    private ILogSink OpenSink(LoggingSettings settings, out string? warning)
    {
        warning = null;
        switch (settings.Type)
        {
            case LogType.File:
                if (FileLogSink.TryOpen(settings, _time.GetLocalNow(), out var fileError) is { } file)
                {
                    return file;
                }
                warning = fileError + "; logging to the console";
                break;
            case LogType.Syslog:
                if (SyslogLogSink.TryOpen(settings, out var syslogError) is { } syslog)
                {
                    return syslog;
                }
                warning = syslogError + "; logging to the console";
                break;
        }
        return new ConsoleLogSink(_console);
    }

    // The prefix has a resolution of one second, so it is formatted once per second, not per line.
    private string Prefix(DateTimeOffset now)
    {
        var pattern = _settings.LinePrefix;
        var second = now.Ticks / TimeSpan.TicksPerSecond;
        var cached = _prefix;
        if (cached is not null && cached.Second == second && ReferenceEquals(cached.Pattern, pattern))
        {
            return cached.Text;
        }
        var text = StrftimeFormatter.Format(pattern, now);
        _prefix = new PrefixCache(second, pattern, text);
        return text;
    }

    private static string OneLine(string text) =>
        text.Replace("\r", "", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>The type name without its namespace: lines stay short and categories stay recognisable.</summary>
    private static string ShortCategory(string category)
    {
        var generic = category.AsSpan().IndexOfAny('`', '<');
        var name = generic < 0 ? category : category[..generic];
        var dot = name.LastIndexOf('.');
        return dot < 0 ? name : name[(dot + 1)..];
    }

    private sealed record PrefixCache(long Second, string Pattern, string Text);
}
