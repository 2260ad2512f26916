namespace Agroal.Tests.Integration.Pooling;

/// <summary>Polls a condition on the pooler's state; the tests wait for states, never for fixed times.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, double seconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"{what}: not reached within {seconds} s");
            await Task.Delay(20);
        }
    }
}
