using Akka.Actor;
using Microsoft.AspNetCore.Connections;

namespace Agroal.Actors.Clients;

/// <summary>
/// The entry for every accepted socket (TCP or Unix), from the epoll engine's server or from Kestrel: starts the
/// client's session right here, on the accepting thread (the epoll loop itself, or the worker Kestrel gave the
/// connection), and hands the running session to a free client actor (or to /clients, which spawns one), which
/// watches it and can stop it. The startup packet is read without waiting for any mailbox or actor start, which
/// saves the hops a login used to cross.
/// </summary>
public sealed class PostgresConnectionHandler(ClientListenerTarget target) : ConnectionHandler
{
    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        var (clients, services) = await target.WhenBoundAsync().ConfigureAwait(false);
        var options = services.Options;
        Networking.ClientSocketOptions.Apply(connection, options.KeepAlive, options.NoDelay);
        var session = new ClientSession(target.NextClientId(), connection, services);
        var stop = new CancellationTokenSource();
        // Runs inline up to the session's first pending read; the actor is created meanwhile and only needs the token.
        var run = session.RunAsync(stop.Token);
        var accept = new ClientProtocol.Accept(session, run, stop);
        if (services.FreeClientActors.TryTake(out var free))
        {
            free.Tell(accept);
        }
        else
        {
            clients.Tell(accept);
        }
        try
        {
            await run.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The client's actor observes the same task and reports the failure (its supervisor stops it); the
            // session's finally block has already given back what it held, so the socket can close now.
        }
    }
}
