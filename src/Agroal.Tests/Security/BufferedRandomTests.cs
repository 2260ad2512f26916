using Agroal.Actors.Security;

namespace Agroal.Tests.Security;

/// <summary>
/// The per-login random values come from the runtime's generator a block at a time: every request is filled, values do
/// not repeat within a thread or across threads (each has its own block), and a request larger than a block works too.
/// </summary>
public sealed class BufferedRandomTests
{
    [Fact]
    public void Draws_across_several_blocks_do_not_repeat()
    {
        // 1,000 values span 8 blocks; two equal by chance has a probability of about 1e-4.
        var seen = new HashSet<int>();
        for (var i = 0; i < 1_000; i++)
        {
            Assert.True(seen.Add(BufferedRandom.NextInt32()), "a 32-bit value came twice in 1,000 draws");
        }
        // Keep drawing past several block boundaries.
        Span<byte> nonce = stackalloc byte[18];
        for (var i = 0; i < 200; i++)
        {
            BufferedRandom.Fill(nonce);
        }
    }

    [Fact]
    public async Task Two_threads_never_get_the_same_values()
    {
        var first = await Task.Run(() => Draw(500));
        var second = await Task.Run(() => Draw(500));
        var other = new Thread(() => second.UnionWith(Draw(500)));
        other.Start();
        other.Join();

        Assert.Empty(first.Intersect(second));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(18)]
    [InlineData(512)]
    [InlineData(4096)]
    public void Any_size_is_filled_with_random_bytes(int size)
    {
        var a = new byte[size];
        var b = new byte[size];
        BufferedRandom.Fill(a);
        BufferedRandom.Fill(b);

        // Equal only by a chance of 2^-(8 * size); for one byte, try a few times.
        var attempts = 0;
        while (a.AsSpan().SequenceEqual(b) && ++attempts < 20)
        {
            BufferedRandom.Fill(b);
        }
        Assert.False(a.AsSpan().SequenceEqual(b));
    }

    private static HashSet<int> Draw(int count)
    {
        var values = new HashSet<int>();
        for (var i = 0; i < count; i++)
        {
            values.Add(BufferedRandom.NextInt32());
        }
        return values;
    }
}
