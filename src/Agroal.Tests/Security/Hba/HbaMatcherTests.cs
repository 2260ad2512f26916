using System.Net;
using Agroal.Actors.Configuration;
using Agroal.Actors.Security.Hba;

namespace Agroal.Tests.Security.Hba;

public sealed class HbaMatcherTests
{
    private static HbaEntry Entry(string address, HbaMethod method = HbaMethod.Trust, string database = "all", string user = "all", HbaConnectionType type = HbaConnectionType.Host)
    {
        Assert.True(HbaAddress.TryParse(address, out var parsed, out var error), error);
        return new HbaEntry(type, database, user, parsed, method, 1);
    }

    private static HbaMatcher Matcher(params HbaEntry[] entries) => new(new HbaTable(entries), LimitTable.Empty);

    private static bool Allows(string cidr, string client) =>
        !Matcher(Entry(cidr)).Match("db", "u", IPAddress.Parse(client), false).IsNoEntry;

    [Theory]
    [InlineData("0.0.0.0/0", "203.0.113.9", true)]
    [InlineData("10.0.0.0/8", "10.255.1.2", true)]
    [InlineData("10.0.0.0/8", "11.0.0.1", false)]
    [InlineData("172.16.0.0/12", "172.31.255.255", true)]
    [InlineData("172.16.0.0/12", "172.32.0.1", false)]
    [InlineData("172.16.0.0/12", "172.15.255.255", false)]
    [InlineData("192.168.1.0/24", "192.168.1.200", true)]
    [InlineData("192.168.1.0/24", "192.168.2.1", false)]
    [InlineData("192.168.1.7/32", "192.168.1.7", true)]
    [InlineData("192.168.1.7/32", "192.168.1.8", false)]
    [InlineData("192.168.1.64/26", "192.168.1.127", true)]
    [InlineData("192.168.1.64/26", "192.168.1.128", false)]
    public void Ipv4_masks_are_exact_to_the_bit(string cidr, string client, bool expected) =>
        Assert.Equal(expected, Allows(cidr, client));

    [Theory]
    [InlineData("::/0", "2001:db8::1", true)]
    [InlineData("::0/0", "fe80::1", true)]
    [InlineData("2001:db8:1:2::/64", "2001:db8:1:2:ffff::1", true)]
    [InlineData("2001:db8:1:2::/64", "2001:db8:1:3::1", false)]
    [InlineData("2001:db8::1/128", "2001:db8::1", true)]
    [InlineData("2001:db8::1/128", "2001:db8::2", false)]
    [InlineData("fd00::/8", "fdff::1", true)]
    [InlineData("fd00::/8", "fe00::1", false)]
    public void Ipv6_masks_are_exact_to_the_bit(string cidr, string client, bool expected) =>
        Assert.Equal(expected, Allows(cidr, client));

    [Theory]
    [InlineData("0.0.0.0/0", "::1")]
    [InlineData("::/0", "10.0.0.1")]
    public void Families_do_not_cross(string cidr, string client) => Assert.False(Allows(cidr, client));

    [Theory]
    [InlineData("10.0.0.0/8", "::ffff:10.1.2.3", true)]
    [InlineData("10.0.0.0/8", "::ffff:11.1.2.3", false)]
    [InlineData("192.168.1.7/32", "::ffff:192.168.1.7", true)]
    public void Ipv4_mapped_ipv6_clients_match_ipv4_entries(string cidr, string client, bool expected) =>
        Assert.Equal(expected, Allows(cidr, client));

    [Fact]
    public void All_address_matches_every_client_and_unix_socket()
    {
        var matcher = Matcher(Entry("all"));
        Assert.False(matcher.Match("db", "u", IPAddress.Parse("198.51.100.1"), false).IsNoEntry);
        Assert.False(matcher.Match("db", "u", IPAddress.Parse("2001:db8::5"), false).IsNoEntry);
        Assert.False(matcher.Match("db", "u", null, false).IsNoEntry);
    }

    [Theory]
    [InlineData("127.0.0.1/32", true)]
    [InlineData("127.0.0.0/8", true)]
    [InlineData("::1/128", true)]
    [InlineData("10.0.0.0/8", false)]
    public void Unix_socket_clients_count_as_loopback(string cidr, bool expected) =>
        Assert.Equal(expected, !Matcher(Entry(cidr)).Match("db", "u", null, false).IsNoEntry);

    [Fact]
    public void First_matching_line_wins()
    {
        var matcher = Matcher(
            Entry("10.1.0.0/16", HbaMethod.Reject),
            Entry("10.0.0.0/8", HbaMethod.ScramSha256),
            Entry("all", HbaMethod.Md5));
        Assert.True(matcher.Match("db", "u", IPAddress.Parse("10.1.2.3"), false).IsReject);
        Assert.Equal(HbaMethod.ScramSha256, matcher.Match("db", "u", IPAddress.Parse("10.2.0.1"), false).Method);
        var fallback = matcher.Match("db", "u", IPAddress.Parse("192.0.2.1"), false);
        Assert.True(fallback.IsAllowed);
        Assert.Equal(HbaMethod.Md5, fallback.Method);
        Assert.Equal(1, fallback.Entry!.Line);
    }

    [Fact]
    public void No_matching_line_is_no_entry()
    {
        var decision = Matcher(Entry("all", database: "other")).Match("db", "u", IPAddress.Loopback, false);
        Assert.True(decision.IsNoEntry);
        Assert.False(decision.IsAllowed);
    }

    [Fact]
    public void Database_and_user_must_match_by_name_or_all()
    {
        var matcher = Matcher(Entry("all", HbaMethod.Password, database: "sales", user: "alice"), Entry("all", HbaMethod.Reject));
        Assert.Equal(HbaMethod.Password, matcher.Match("sales", "alice", IPAddress.Loopback, false).Method);
        Assert.True(matcher.Match("sales", "bob", IPAddress.Loopback, false).IsReject);
        Assert.True(matcher.Match("Sales", "alice", IPAddress.Loopback, false).IsReject);
    }

    [Fact]
    public void Entry_naming_a_database_also_matches_its_aliases_and_the_reverse()
    {
        var limits = new LimitTable([new LimitRule("shop", ["shop_eu", "shop_us"], "all", 10, 0, 0, 1)]);
        var byDatabase = new HbaMatcher(new HbaTable([Entry("all", HbaMethod.Md5, database: "shop")]), limits);
        Assert.Equal(HbaMethod.Md5, byDatabase.Match("shop_eu", "u", IPAddress.Loopback, false).Method);
        Assert.Equal(HbaMethod.Md5, byDatabase.Match("shop", "u", IPAddress.Loopback, false).Method);
        Assert.True(byDatabase.Match("other", "u", IPAddress.Loopback, false).IsNoEntry);

        var byAlias = new HbaMatcher(new HbaTable([Entry("all", HbaMethod.Md5, database: "shop_us")]), limits);
        Assert.False(byAlias.Match("shop", "u", IPAddress.Loopback, false).IsNoEntry);
        Assert.False(byAlias.Match("shop_eu", "u", IPAddress.Loopback, false).IsNoEntry);
    }

    [Fact]
    public void Hostssl_matches_tls_clients_only_and_host_matches_both()
    {
        var matcher = Matcher(
            Entry("all", HbaMethod.ScramSha256, type: HbaConnectionType.HostSsl),
            Entry("all", HbaMethod.Password));
        Assert.Equal(HbaMethod.ScramSha256, matcher.Match("db", "u", IPAddress.Loopback, true).Method);
        Assert.Equal(HbaMethod.Password, matcher.Match("db", "u", IPAddress.Loopback, false).Method);
        Assert.Equal(HbaMethod.Password, Matcher(Entry("all", HbaMethod.Password)).Match("db", "u", IPAddress.Loopback, true).Method);
    }

    [Fact]
    public void Requires_tls_when_any_hostssl_line_names_user_and_database_whatever_the_address()
    {
        var matcher = Matcher(
            Entry("10.0.0.0/8", HbaMethod.ScramSha256, database: "secure", type: HbaConnectionType.HostSsl),
            Entry("all", HbaMethod.Trust));
        Assert.True(matcher.RequiresTls("secure", "anyone"));
        Assert.False(matcher.RequiresTls("plain", "anyone"));
    }

    [Fact]
    public void Md5_is_kept_as_a_method() =>
        Assert.Equal(HbaMethod.Md5, Matcher(Entry("all", HbaMethod.Md5)).Match("db", "u", IPAddress.Loopback, false).Method);

    [Fact]
    public void Matcher_built_from_a_loaded_configuration_uses_its_limits()
    {
        using var config = Agroal.Tests.Configuration.TempConfig.WithMainKeys("", hba: "host shop all 192.168.0.0/16 md5\n");
        config.Limits("shop=eu all 10\n");
        var matcher = HbaMatcher.For(config.LoadValid());
        Assert.Equal(HbaMethod.Md5, matcher.Match("eu", "u", IPAddress.Parse("192.168.44.1"), false).Method);
    }
}
