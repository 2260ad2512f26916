using System.Net;
using System.Net.Sockets;
using Agroal.Actors.Configuration;

namespace Agroal.Actors.Security.Hba;

/// <summary>Bit-exact CIDR containment (pgagroal compares whole octets; we compare prefix bits).</summary>
internal static class CidrMatch
{
    /// <summary>
    /// True when <paramref name="client"/> lies in <paramref name="address"/>. IPv4-mapped IPv6 clients are compared
    /// as IPv4; otherwise the families must agree.
    /// </summary>
    public static bool Contains(HbaAddress address, IPAddress client)
    {
        if (address.IsAll)
        {
            return true;
        }

        if (client.IsIPv4MappedToIPv6)
        {
            client = client.MapToIPv4();
        }

        var network = address.Network!;
        if (network.AddressFamily != client.AddressFamily)
        {
            return false;
        }

        Span<byte> networkBytes = stackalloc byte[16];
        Span<byte> clientBytes = stackalloc byte[16];
        if (!network.TryWriteBytes(networkBytes, out var length) || !client.TryWriteBytes(clientBytes, out _))
        {
            return false;
        }

        var remaining = address.PrefixLength;
        for (var i = 0; i < length && remaining > 0; i++)
        {
            var bits = Math.Min(remaining, 8);
            var mask = (byte)(0xFF << (8 - bits));
            if ((networkBytes[i] & mask) != (clientBytes[i] & mask))
            {
                return false;
            }

            remaining -= bits;
        }

        return true;
    }

    public static bool IsIpFamily(IPAddress address) =>
        address.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6;
}
