using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Agroal.Actors.Configuration;

/// <summary>ADDRESS column: <c>all</c>, or a network with a prefix length (host bits cleared).</summary>
public sealed record HbaAddress
{
    private HbaAddress(IPAddress? network, int prefixLength)
    {
        Network = network;
        PrefixLength = prefixLength;
    }

    public static HbaAddress All { get; } = new(null, 0);

    public bool IsAll => Network is null;

    public IPAddress? Network { get; }

    public int PrefixLength { get; }

    /// <summary>Parses <c>all</c>, <c>a.b.c.d/m</c> or <c>v6/m</c>. A bare address without a prefix is refused.</summary>
    public static bool TryParse(string text, out HbaAddress address, out string error)
    {
        address = All;
        error = "";
        if (string.Equals(text, "all", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            error = $"address \"{text}\" needs a prefix length (for one host use /32 or /128), or use all";
            return false;
        }

        // IPv4 must be four dotted octets: the parser would also take "10.0.0" or "10" as shorthand, which hides typos.
        var network = text.AsSpan(0, slash);
        if (!IPAddress.TryParse(network, out var ip)
            || (ip.AddressFamily == AddressFamily.InterNetwork && network.Count('.') != 3)
            || ip.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
            || (ip.AddressFamily == AddressFamily.InterNetworkV6 && ip.ScopeId != 0))
        {
            error = $"address \"{text}\" is not an IPv4 or IPv6 network";
            return false;
        }

        var bits = ip.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        if (!int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) || prefix > bits)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"address \"{text}\" has a prefix length outside 0..{bits}");
            return false;
        }

        address = new HbaAddress(ClearHostBits(ip, prefix), prefix);
        return true;
    }

    public override string ToString() =>
        IsAll ? "all" : string.Create(CultureInfo.InvariantCulture, $"{Network}/{PrefixLength}");

    private static IPAddress ClearHostBits(IPAddress ip, int prefix)
    {
        var bytes = ip.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(prefix - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }

        return new IPAddress(bytes);
    }
}
