using Agroal.Actors.Pool;

namespace Agroal.Tests.Pool;

public sealed class RetryBackoffTests
{
    [Theory]
    [InlineData(0, 250, 0)]
    [InlineData(1, 250, 1)]
    [InlineData(5, 250, 1 + 2 + 4 + 8 + 16)]
    // 1, 2, 4, ..., 128, then the cap: pgagroal's documented schedule for connection_retry_delay = 250.
    [InlineData(10, 250, 1 + 2 + 4 + 8 + 16 + 32 + 64 + 128 + 250 + 250)]
    [InlineData(4, 3, 1 + 2 + 3 + 3)]
    [InlineData(3, 1, 3)]
    public void Budget_doubles_from_one_millisecond_up_to_the_cap(int retries, int capMilliseconds, int expectedMilliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), RetryBackoff.Budget(retries, TimeSpan.FromMilliseconds(capMilliseconds)));
}
