namespace Agroal.Actors.Kernel.TestKit;

/// <summary>A TestProbe expectation that did not hold; the message says what was expected and what came.</summary>
public sealed class TestKitAssertionException : Exception
{
    public TestKitAssertionException()
    {
    }

    public TestKitAssertionException(string message)
        : base(message)
    {
    }

    public TestKitAssertionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
