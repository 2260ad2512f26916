namespace Agroal.Actors.Protocol;

/// <summary>Which stream a <see cref="RelayFrameScanner"/> watches; tags mean different things each way.</summary>
public enum RelayDirection
{
    ClientToServer,
    ServerToClient,
}
