namespace Agroal.Actors.Kernel;

/// <summary>
/// Thrown when an actor leaves a <see cref="Terminated"/> of an actor it watches unhandled (Akka's death pact);
/// the default strategy stops it.
/// </summary>
public sealed class DeathPactException : Exception
{
    public DeathPactException()
    {
    }

    public DeathPactException(string message)
        : base(message)
    {
    }

    public DeathPactException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
