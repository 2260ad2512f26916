using Akka.Actor;
using Microsoft.AspNetCore.Connections;

namespace Agroal.Actors.Clients;

/// <summary>Kestrel's entry for every accepted socket (TCP or Unix): hands it to /clients and holds it open until the client actor is done.</summary>
public sealed class PostgresConnectionHandler(ClientListenerTarget target) : ConnectionHandler
{
    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        var (clients, services) = await target.WhenBoundAsync().ConfigureAwait(false);
        var options = services.Options;
        Networking.ClientSocketOptions.Apply(connection, options.KeepAlive, options.NoDelay);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        clients.Tell(new ClientProtocol.Accept(connection, done));
        await done.Task.ConfigureAwait(false);
    }
}
