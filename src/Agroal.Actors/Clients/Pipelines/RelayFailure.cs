using Microsoft.AspNetCore.Connections;

namespace Agroal.Actors.Clients.Pipelines;

/// <summary>The exceptions a relay read or flush throws when the socket on the other side is gone, as opposed to a bug.</summary>
internal static class RelayFailure
{
    public static bool IsConnectionFailure(Exception ex) =>
        ex is IOException or ConnectionResetException or ConnectionAbortedException or ObjectDisposedException or InvalidOperationException;
}
