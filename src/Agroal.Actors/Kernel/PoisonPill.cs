namespace Agroal.Actors.Kernel;

/// <summary>An ordinary message that stops the receiver when it reaches the head of its mailbox.</summary>
public sealed class PoisonPill
{
    public static readonly PoisonPill Instance = new();

    private PoisonPill()
    {
    }
}
