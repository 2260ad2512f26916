namespace Agroal.Actors.Kernel;

/// <summary>The FSM event received when a state's timeout passes without any other message.</summary>
public sealed class StateTimeout
{
    public static readonly StateTimeout Instance = new();

    private StateTimeout()
    {
    }
}
