namespace Agroal.Actors.Clients.Pipelines;

/// <summary>What the pooler expects back, in order, for a message it sent to the backend, and what to do with it.</summary>
public enum PendingReplyKind : byte
{
    /// <summary>Query, Sync or FunctionCall: answered by one ReadyForQuery.</summary>
    Ready,

    /// <summary>A Query the pooler recognised as DISCARD ALL or DEALLOCATE ALL; its failure leaves statements it assumed gone.</summary>
    ReadyResettingStatements,

    /// <summary>A client Parse passed through unchanged: its ParseComplete goes to the client.</summary>
    Parse,

    /// <summary>A client Close passed through unchanged: its CloseComplete goes to the client.</summary>
    Close,

    /// <summary>A client's named Parse renamed to a pooler statement: ParseComplete goes to the client.</summary>
    ClientNamedParse,

    /// <summary>A Parse the pooler replayed because the backend lacked the statement: ParseComplete is swallowed.</summary>
    ReplayedParse,

    /// <summary>
    /// A client's named Parse for a statement the backend already holds: a harmless Close of a portal that does not
    /// exist was sent instead, and its CloseComplete reaches the client as ParseComplete, in order.
    /// </summary>
    ParseAnsweredByClose,

    /// <summary>The pooler closing its least recently used statement: CloseComplete is swallowed.</summary>
    EvictionClose,
}
