namespace Agroal.Actors.Protocol;

public enum StartupPacketKind
{
    Startup,
    SslRequest,
    GssEncRequest,
    CancelRequest,
}
