using System.Runtime.InteropServices;

namespace Agroal.RelayFloor;

/// <summary>A client socket and its PostgreSQL socket, relayed by one epoll loop.</summary>
internal sealed class RelayedPair
{
    public const ulong ClientSide = 0;
    public const ulong ServerSide = 1;

    public RelayedPair(int slot)
    {
        Slot = slot;
        ClientToServer = new RelayDirection();
        ServerToClient = new RelayDirection();
    }

    public int Slot { get; }

    /// <summary>Bumped on close so that readiness events fetched for the previous connection in this slot are ignored.</summary>
    public uint Generation { get; private set; }

    public int ClientFd { get; private set; } = -1;
    public int ServerFd { get; private set; } = -1;
    public RelayDirection ClientToServer { get; }
    public RelayDirection ServerToClient { get; }

    /// <summary>epoll user data: generation, slot and which socket of the pair, so a lookup needs no map.</summary>
    public ulong TokenOf(int fd) =>
        ((ulong)Generation << 32) | ((ulong)(uint)Slot << 1) | (fd == ServerFd ? ServerSide : ClientSide);

    public void Open(int clientFd, int serverFd)
    {
        ClientFd = clientFd;
        ServerFd = serverFd;
        ClientToServer.Connect(clientFd, serverFd);
        ServerToClient.Connect(serverFd, clientFd);
    }

    public void Release()
    {
        Generation++;
        ClientFd = ServerFd = -1;
        ClientToServer.Connect(-1, -1);
        ServerToClient.Connect(-1, -1);
    }
}

/// <summary>
/// Bytes read from one socket and written to the other. The buffer lives in native memory so recv and send get a
/// stable pointer without pinning; it is never freed because the pair that owns it is reused, not dropped.
/// </summary>
internal sealed unsafe class RelayDirection
{
    public const int BufferSize = 16 * 1024;

    public RelayDirection()
    {
        Buffer = (byte*)NativeMemory.Alloc(BufferSize);
    }

    public byte* Buffer { get; }
    public int SourceFd { get; private set; } = -1;
    public int DestinationFd { get; private set; } = -1;

    /// <summary>Bytes [UnsentOffset, UnsentEnd) of the buffer were received but not yet accepted by the destination.</summary>
    public int UnsentOffset { get; set; }
    public int UnsentEnd { get; set; }
    public bool HasUnsent => UnsentEnd > UnsentOffset;

    public void Connect(int sourceFd, int destinationFd)
    {
        SourceFd = sourceFd;
        DestinationFd = destinationFd;
        UnsentOffset = UnsentEnd = 0;
    }
}
