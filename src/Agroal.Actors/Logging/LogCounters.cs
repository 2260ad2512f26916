using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Logging;

/// <summary>Lines written per level, for the <c>pgagroal_logging_*</c> gauges.</summary>
public sealed class LogCounters
{
    private long _info;
    private long _warn;
    private long _error;
    private long _fatal;

    /// <summary>Zeroes the counts (clear prometheus).</summary>
    public void Reset()
    {
        Interlocked.Exchange(ref _info, 0);
        Interlocked.Exchange(ref _warn, 0);
        Interlocked.Exchange(ref _error, 0);
        Interlocked.Exchange(ref _fatal, 0);
    }

    public long Info => Interlocked.Read(ref _info);
    public long Warn => Interlocked.Read(ref _warn);
    public long Error => Interlocked.Read(ref _error);
    public long Fatal => Interlocked.Read(ref _fatal);

    internal void Count(LogLevel level)
    {
        switch (level)
        {
            case LogLevel.Information: Interlocked.Increment(ref _info); break;
            case LogLevel.Warning: Interlocked.Increment(ref _warn); break;
            case LogLevel.Error: Interlocked.Increment(ref _error); break;
            case LogLevel.Critical: Interlocked.Increment(ref _fatal); break;
        }
    }
}
