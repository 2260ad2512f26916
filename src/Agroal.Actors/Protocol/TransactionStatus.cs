namespace Agroal.Actors.Protocol;

/// <summary>The status byte a ReadyForQuery carries: where the backend stands between transactions.</summary>
public static class TransactionStatus
{
    /// <summary>Not in a transaction block: the only state in which a backend may be handed to someone else.</summary>
    public const byte Idle = (byte)'I';

    public const byte InTransaction = (byte)'T';

    public const byte FailedTransaction = (byte)'E';
}
