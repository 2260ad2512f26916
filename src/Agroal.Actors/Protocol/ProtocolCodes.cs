namespace Agroal.Actors.Protocol;

/// <summary>Request codes and limits of the untagged packets a client may open a connection with.</summary>
public static class ProtocolCodes
{
    /// <summary>Protocol 3.0: major version in the high 16 bits, minor in the low 16 bits.</summary>
    public const int Version3 = 196608;

    public const int SslRequest = 80877103;
    public const int GssEncRequest = 80877104;
    public const int CancelRequest = 80877102;

    /// <summary>PostgreSQL refuses larger startup packets (MAX_STARTUP_PACKET_LENGTH); so do we.</summary>
    public const int MaxStartupPacketLength = 10000;

    /// <summary>The smallest well-formed untagged packet: length and code.</summary>
    public const int MinStartupPacketLength = 8;

    /// <summary>Codes 1234.x are reserved for requests, never protocol versions.</summary>
    public const int RequestCodeMajor = 1234;

    public static int MajorVersion(int code) => (int)((uint)code >> 16);

    public static int MinorVersion(int code) => code & 0xFFFF;
}
