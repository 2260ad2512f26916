using Microsoft.Extensions.Time.Testing;
using Agroal.Actors.Metrics;

namespace Agroal.Tests.Metrics;

public sealed class MetricsResponseCacheTests
{
    private readonly FakeTimeProvider _clock = new();
    private int _builds;

    private Task<byte[]> Build(CancellationToken _)
    {
        _builds++;
        return Task.FromResult(new[] { (byte)_builds });
    }

    [Fact]
    public async Task A_fresh_response_is_served_again_until_max_age_passes()
    {
        using var cache = new MetricsResponseCache(TimeSpan.FromSeconds(10), 1024, _clock);
        var first = await cache.GetOrBuildAsync(Build, default);
        _clock.Advance(TimeSpan.FromSeconds(9));
        var second = await cache.GetOrBuildAsync(Build, default);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var third = await cache.GetOrBuildAsync(Build, default);

        Assert.Same(first, second);
        Assert.Equal(2, third[0]);
        Assert.Equal(2, _builds);
    }

    [Fact]
    public async Task Max_age_zero_builds_every_response()
    {
        using var cache = new MetricsResponseCache(TimeSpan.Zero, 1024, _clock);
        Assert.False(cache.Enabled);
        await cache.GetOrBuildAsync(Build, default);
        await cache.GetOrBuildAsync(Build, default);
        Assert.Equal(2, _builds);
    }

    [Fact]
    public async Task A_response_larger_than_max_size_is_not_cached()
    {
        using var cache = new MetricsResponseCache(TimeSpan.FromMinutes(1), 1, _clock);
        Task<byte[]> BuildLarge(CancellationToken _)
        {
            _builds++;
            return Task.FromResult(new byte[2]);
        }
        await cache.GetOrBuildAsync(BuildLarge, default);
        await cache.GetOrBuildAsync(BuildLarge, default);
        Assert.Equal(2, _builds);
    }
}
