namespace Agroal.Actors.Kernel;

/// <summary>Wraps a failure of an actor's constructor, PreStart or PostRestart; the default strategy stops the actor.</summary>
public sealed class ActorInitializationException : Exception
{
    public ActorInitializationException()
    {
    }

    public ActorInitializationException(string message)
        : base(message)
    {
    }

    public ActorInitializationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
