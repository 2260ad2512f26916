using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Agroal.Actors.Networking;

/// <summary>How every listener of the process (clients, metrics) reads pgagroal's <c>host</c> and reports its port.</summary>
public static class KestrelEndpoints
{
    /// <summary>Listens on <paramref name="host"/>: "*" (or an any-address) for every interface, "localhost" for loopback, else an address or a name.</summary>
    public static void Listen(KestrelServerOptions kestrel, string host, int port, Action<ListenOptions> configure)
    {
        if (IsAnyAddress(host))
        {
            kestrel.ListenAnyIP(port, configure);
        }
        else
        {
            kestrel.Listen(EndPointFor(host, port), configure);
        }
    }

    /// <summary>
    /// The same reading of <paramref name="host"/> as <see cref="Listen"/>, as one end point for a listener of our own:
    /// every interface is the IPv6 any-address (which takes IPv4 clients too); the listener falls back to IPv4's
    /// where IPv6 cannot be bound, as Kestrel's <c>ListenAnyIP</c> does.
    /// </summary>
    public static IPEndPoint EndPointFor(string host, int port)
    {
        if (IsAnyAddress(host))
        {
            return new IPEndPoint(IPAddress.IPv6Any, port);
        }
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return new IPEndPoint(IPAddress.Loopback, port);
        }
        return new IPEndPoint(IPAddress.TryParse(host, out var parsed) ? parsed : Dns.GetHostAddresses(host)[0], port);
    }

    private static bool IsAnyAddress(string host) => host is "*" or "0.0.0.0" or "::";

    /// <summary>Stops a listener's application, giving open requests 5 s, and releases it.</summary>
    public static async Task StopAsync(WebApplication application)
    {
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await application.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        await application.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>The TCP port a started listener bound: the requested one, or the one chosen for port 0.</summary>
    public static int BoundPort(WebApplication application, int requested)
    {
        if (requested != 0)
        {
            return requested;
        }
        var addresses = application.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        foreach (var address in addresses)
        {
            var colon = address.LastIndexOf(':');
            if (colon > 0 && int.TryParse(address.AsSpan(colon + 1).TrimEnd('/'), out var port))
            {
                return port;
            }
        }
        throw new InvalidOperationException("the listener reported no bound port");
    }
}
