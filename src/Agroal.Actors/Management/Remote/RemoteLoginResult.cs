using Agroal.Actors.Errors;

namespace Agroal.Actors.Management.Remote;

/// <summary>The end of a remote login: the stream to speak the management protocol on, or why the peer was refused.</summary>
public sealed record RemoteLoginResult(Stream? Stream, string User, PoolerError? Error)
{
    public bool Succeeded => Stream is not null;
}
