using System.Security.Cryptography;
using Agroal.Actors.Protocol;

namespace Agroal.Tests.Protocol;

public class ScramKeyHmacTests
{
    [Fact]
    public void A_kept_context_gives_the_one_shot_hmac_on_every_use_from_several_threads_at_once()
    {
        var key = RandomNumberGenerator.GetBytes(ScramMath.KeyLength);
        var hmac = new ScramKeyHmac(key);
        var failures = 0;
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, worker =>
        {
            Span<byte> computed = stackalloc byte[ScramMath.KeyLength];
            for (var i = 0; i < 2_000; i++)
            {
                var data = RandomNumberGenerator.GetBytes(1 + ((worker * 31 + i) % 300));
                hmac.Compute(data, computed);
                if (!computed.SequenceEqual(HMACSHA256.HashData(key, data)))
                {
                    Interlocked.Increment(ref failures);
                }
            }
        });
        Assert.Equal(0, failures);
    }
}
