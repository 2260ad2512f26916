using System.Net;
using Agroal.Actors.Configuration;

namespace Agroal.Actors.Security.Hba;

/// <summary>
/// Decides which pgagroal_hba.conf line applies to a login: the first line whose type, database, user and address
/// match. Differences from pgagroal, on purpose:
/// <list type="bullet">
/// <item>Addresses are real CIDR masks (any prefix length, IPv4 and IPv6); IPv4-mapped IPv6 clients match IPv4 lines.</item>
/// <item>Unix-socket clients (null address) are treated as local: they match lines whose address is <c>all</c> or covers
/// 127.0.0.1 or ::1. pgagroal has no <c>local</c> type, so this keeps "allow local users" configs working on the socket.</item>
/// <item><c>hostssl</c> lines match TLS clients only; <c>host</c> lines match both.</item>
/// </list>
/// A database column matches through the limits' aliases in both directions: a line naming the real database also
/// matches its aliases, and a line naming an alias matches the real database.
/// </summary>
public sealed class HbaMatcher
{
    private static readonly IPAddress[] LocalAddresses = [IPAddress.Loopback, IPAddress.IPv6Loopback];

    private readonly HbaTable _table;
    private readonly LimitTable _limits;

    public HbaMatcher(HbaTable table, LimitTable limits)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(limits);
        _table = table;
        _limits = limits;
    }

    public static HbaMatcher For(AgroalConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new HbaMatcher(configuration.Hba, configuration.Limits);
    }

    /// <param name="clientAddress">The peer's IP address, or null for a Unix-socket client.</param>
    public HbaDecision Match(string database, string user, IPAddress? clientAddress, bool isTls)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(user);
        var resolvedDatabase = _limits.ResolveDatabase(database);
        foreach (var entry in _table.Entries)
        {
            if (entry.Type == HbaConnectionType.HostSsl && !isTls)
            {
                continue;
            }

            if (MatchesUser(entry, user) && MatchesDatabase(entry, resolvedDatabase) && MatchesAddress(entry.Address, clientAddress))
            {
                return new HbaDecision(entry);
            }
        }

        return HbaDecision.NoEntry;
    }

    /// <summary>True when any <c>hostssl</c> line names this user and database, whatever its address: a plain client is then refused.</summary>
    public bool RequiresTls(string database, string user)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(user);
        var resolvedDatabase = _limits.ResolveDatabase(database);
        foreach (var entry in _table.Entries)
        {
            if (entry.Type == HbaConnectionType.HostSsl && MatchesUser(entry, user) && MatchesDatabase(entry, resolvedDatabase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool MatchesUser(HbaEntry entry, string user) =>
        entry.User == LimitRule.All || string.Equals(entry.User, user, StringComparison.Ordinal);

    private bool MatchesDatabase(HbaEntry entry, string resolvedDatabase) =>
        entry.Database == LimitRule.All
        || string.Equals(_limits.ResolveDatabase(entry.Database), resolvedDatabase, StringComparison.Ordinal);

    private static bool MatchesAddress(HbaAddress address, IPAddress? client)
    {
        if (client is null)
        {
            foreach (var local in LocalAddresses)
            {
                if (CidrMatch.Contains(address, local))
                {
                    return true;
                }
            }

            return false;
        }

        return CidrMatch.IsIpFamily(client) && CidrMatch.Contains(address, client);
    }
}
