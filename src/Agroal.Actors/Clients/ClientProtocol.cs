namespace Agroal.Actors.Clients;

/// <summary>Messages for the client actors.</summary>
public static class ClientProtocol
{
    /// <summary>To /clients: watch a session the listener has started; <paramref name="Stop"/> ends it, <paramref name="Run"/> completes when it is finished.</summary>
    public sealed record Accept(ClientSession Session, Task Run, CancellationTokenSource Stop);

    /// <summary>End this client's session now (shutdown, flush all); a held backend is closed, not reused.</summary>
    public sealed class Disconnect
    {
        public static readonly Disconnect Instance = new();

        private Disconnect()
        {
        }
    }

    /// <summary>To /clients: disconnect every client.</summary>
    public sealed class DisconnectAll
    {
        public static readonly DisconnectAll Instance = new();

        private DisconnectAll()
        {
        }
    }

    /// <summary>To /clients (disconnect_client): end every session whose relay has been silent since the timestamp; with force also those waiting for an answer.</summary>
    public sealed record DisconnectIdle(long IdleSinceTimestamp, bool Force);

    /// <summary>To /clients: reply with the number of live client actors.</summary>
    public sealed class CountClients
    {
        public static readonly CountClients Instance = new();

        private CountClients()
        {
        }
    }

    internal sealed class SessionEnded
    {
        public static readonly SessionEnded Instance = new();

        private SessionEnded()
        {
        }
    }

    internal sealed record SessionFailed(Exception Cause);
}
