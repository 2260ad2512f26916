using Akka.Cluster;
using Akka.DistributedData;

namespace Agroal.Actors.Cluster;

/// <summary>
/// The node ids the <see cref="NodeIdAllocator"/> handed out, recorded in Distributed Data: member (address#uid) → id.
/// Keyed by the member's incarnation so that freeing a dead incarnation's id can never touch the same address restarted.
/// </summary>
public static class NodeIdClaimsKey
{
    public static readonly LWWDictionaryKey<string, int> Key = new("agroal-node-ids");

    public static string EntryOf(UniqueAddress member) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{member.Address}#{member.Uid}");

    /// <summary>The member's address from an entry written by <see cref="EntryOf"/>.</summary>
    public static Akka.Actor.Address AddressOf(string entry) => Akka.Actor.Address.Parse(entry[..entry.LastIndexOf('#')]);
}
