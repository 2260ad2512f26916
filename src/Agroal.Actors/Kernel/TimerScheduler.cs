namespace Agroal.Actors.Kernel;

/// <summary>
/// Keyed timers of one cell. A firing timer enqueues its prebuilt <see cref="TimerMessage"/> (no allocation per tick);
/// the cell delivers it only if that exact timer is still the one registered under its key, so a message of a
/// replaced or cancelled timer that is already queued is dropped. Touched only on the actor's turn, except the
/// timer callback, which only enqueues.
/// </summary>
internal sealed class TimerScheduler : ITimerScheduler
{
    private static readonly TimerCallback s_fire = static state =>
    {
        var entry = (TimerEntry)state!;
        entry.Cell.EnqueueUser(entry.Message, null);
    };

    private readonly ActorCell _cell;
    private readonly Dictionary<object, TimerEntry> _timers = [];
    private long _generation;

    public TimerScheduler(ActorCell cell) => _cell = cell;

    public void StartSingleTimer(object key, object message, TimeSpan delay) =>
        Start(key, message, delay, Timeout.InfiniteTimeSpan, repeat: false);

    public void StartPeriodicTimer(object key, object message, TimeSpan interval) =>
        Start(key, message, interval, interval, repeat: true);

    public void StartPeriodicTimer(object key, object message, TimeSpan initialDelay, TimeSpan interval) =>
        Start(key, message, initialDelay, interval, repeat: true);

    public bool IsTimerActive(object key) => _timers.ContainsKey(key);

    public void Cancel(object key)
    {
        if (_timers.Remove(key, out var entry))
        {
            entry.Timer?.Dispose();
        }
    }

    public void CancelAll()
    {
        foreach (var entry in _timers.Values)
        {
            entry.Timer?.Dispose();
        }

        _timers.Clear();
    }

    /// <summary>True if the message belongs to the live timer of its key; a single timer is then done.</summary>
    internal bool TryAccept(TimerMessage message)
    {
        if (!_timers.TryGetValue(message.Key, out var entry) || !ReferenceEquals(entry.Message, message))
        {
            return false;
        }

        if (!message.Repeat)
        {
            _timers.Remove(message.Key);
            entry.Timer?.Dispose();
        }

        return true;
    }

    private void Start(object key, object message, TimeSpan dueTime, TimeSpan period, bool repeat)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentOutOfRangeException.ThrowIfLessThan(dueTime, TimeSpan.Zero);
        if (repeat)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        }

        Cancel(key);
        var entry = new TimerEntry(_cell, new TimerMessage(key, message, ++_generation, repeat));
        _timers[key] = entry;
        entry.Timer = KernelTimer.Create(_cell.System.TimeProvider, s_fire, entry, dueTime, period);
    }

    /// <summary>What a timer puts in the mailbox; the generation tells one start of a key from the next.</summary>
    internal sealed record TimerMessage(object Key, object Message, long Generation, bool Repeat);

    private sealed class TimerEntry(ActorCell cell, TimerMessage message)
    {
        public ActorCell Cell { get; } = cell;

        public TimerMessage Message { get; } = message;

        public ITimer? Timer { get; set; }
    }
}
