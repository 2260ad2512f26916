using Akka.Actor;

namespace Agroal.Actors.Clients;

/// <summary>Messages for the client actors.</summary>
public static class ClientProtocol
{
    /// <summary>
    /// To a free client actor, or to /clients when none is free: watch a session the listener has started;
    /// <paramref name="Stop"/> ends it, <paramref name="Run"/> completes when it is finished.
    /// </summary>
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

    /// <summary>To /clients: reply with the number of client actors hosting a session.</summary>
    public sealed class CountClients
    {
        public static readonly CountClients Instance = new();

        private CountClients()
        {
        }
    }

    /// <summary>What a session's completion callback needs: whom to tell, and which session it was.</summary>
    internal sealed record Hosting(IActorRef Actor, Accept Accept);

    internal sealed record SessionEnded(Accept Accept);

    internal sealed record SessionFailed(Accept Accept, Exception Cause);
}
