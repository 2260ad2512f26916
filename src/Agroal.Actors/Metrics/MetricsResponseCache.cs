namespace Agroal.Actors.Metrics;

/// <summary>
/// pgagroal's metrics cache: the last /metrics body is served again until <c>metrics_cache_max_age</c> passes, unless it
/// was larger than <c>metrics_cache_max_size</c> (capped at 1 MiB). Builds are serialised so that concurrent scrapes of
/// an expired cache collect once.
/// </summary>
public sealed class MetricsResponseCache : IDisposable
{
    private readonly TimeSpan _maxAge;
    private readonly long _maxSize;
    private readonly TimeProvider _clock;
    private readonly SemaphoreSlim _build = new(1, 1);
    private Entry? _entry;

    public MetricsResponseCache(TimeSpan maxAge, long maxSize, TimeProvider clock)
    {
        _maxAge = maxAge;
        _maxSize = Math.Min(Math.Max(maxSize, 0), MetricsSettings.CacheSizeCap);
        _clock = clock;
    }

    public bool Enabled => _maxAge > TimeSpan.Zero && _maxSize > 0;

    /// <summary>The cached body while it is fresh, else a new one from <paramref name="build"/> (stored when it fits).</summary>
    public async Task<byte[]> GetOrBuildAsync(Func<CancellationToken, Task<byte[]>> build, CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return await build(cancellationToken).ConfigureAwait(false);
        }
        if (Fresh() is { } cached)
        {
            return cached;
        }
        await _build.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Fresh() is { } builtMeanwhile)
            {
                return builtMeanwhile;
            }
            var body = await build(cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _entry, body.LongLength <= _maxSize ? new Entry(body, _clock.GetTimestamp()) : null);
            return body;
        }
        finally
        {
            _build.Release();
        }
    }

    public void Dispose() => _build.Dispose();

    private byte[]? Fresh()
    {
        var entry = Volatile.Read(ref _entry);
        return entry is not null && _clock.GetElapsedTime(entry.BuiltAt) < _maxAge ? entry.Body : null;
    }

    private sealed record Entry(byte[] Body, long BuiltAt);
}
