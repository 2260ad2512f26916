using System.Buffers.Binary;
using System.Net;

namespace Agroal.Actors.Networking.Epoll;

/// <summary>
/// Reads the struct sockaddr that accept4 and getsockname fill in, so an accepted TCP client gets its endpoints without
/// the probing a .NET <see cref="System.Net.Sockets.Socket"/> does when it adopts a descriptor (about ten syscalls per
/// login: its type, protocol and family, both addresses, its blocking mode).
/// </summary>
internal static unsafe class Sockaddr
{
    private const ushort FamilyInet = 2;
    private const ushort FamilyInet6 = 10;

    /// <summary>The endpoint of an IPv4 or IPv6 address; null for any other family.</summary>
    public static IPEndPoint? ToEndPoint(byte* address, int length)
    {
        if (length < 2)
        {
            return null;
        }
        // sa_family is in host order; the port and the address are in network order.
        var family = *(ushort*)address;
        var port = BinaryPrimitives.ReadUInt16BigEndian(new ReadOnlySpan<byte>(address + 2, 2));
        if (family == FamilyInet && length >= 8)
        {
            return new IPEndPoint(new IPAddress(new ReadOnlySpan<byte>(address + 4, 4)), port);
        }
        if (family == FamilyInet6 && length >= 28)
        {
            var scope = *(uint*)(address + 24);
            return new IPEndPoint(new IPAddress(new ReadOnlySpan<byte>(address + 8, 16), scope), port);
        }
        return null;
    }

    /// <summary>The local endpoint of a socket, from getsockname; null if it cannot say (closed, or not IP).</summary>
    public static IPEndPoint? LocalOf(int fd)
    {
        var address = stackalloc byte[EpollInterop.AddressStorageSize];
        var length = (uint)EpollInterop.AddressStorageSize;
        return EpollInterop.GetSocketName(fd, address, &length) == 0 ? ToEndPoint(address, (int)length) : null;
    }
}
