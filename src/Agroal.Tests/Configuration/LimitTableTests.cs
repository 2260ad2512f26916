using Agroal.Actors.Configuration;

namespace Agroal.Tests.Configuration;

public sealed class LimitTableTests
{
    private static LimitRule Rule(string database, string user, int max, params string[] aliases) =>
        new(database, aliases, user, max, 0, 0, max);

    [Fact]
    public void Exact_user_and_database_beats_everything_regardless_of_order()
    {
        var table = new LimitTable([Rule("all", "all", 1), Rule("db", "all", 2), Rule("all", "u", 3), Rule("db", "u", 4)]);
        Assert.Equal(4, table.FindRule("u", "db")!.MaxSize);
    }

    [Fact]
    public void User_with_all_databases_beats_all_users_with_database()
    {
        var table = new LimitTable([Rule("db", "all", 2), Rule("all", "u", 3)]);
        Assert.Equal(3, table.FindRule("u", "db")!.MaxSize);
    }

    [Fact]
    public void All_users_with_database_beats_all_all()
    {
        var table = new LimitTable([Rule("all", "all", 1), Rule("db", "all", 2)]);
        Assert.Equal(2, table.FindRule("u", "db")!.MaxSize);
        Assert.Equal(1, table.FindRule("u", "other")!.MaxSize);
    }

    [Fact]
    public void Among_equally_specific_rules_the_first_wins()
    {
        var table = new LimitTable([Rule("db", "u", 1), Rule("db", "u", 2)]);
        Assert.Equal(1, table.FindRule("u", "db")!.MaxSize);
    }

    [Fact]
    public void Alias_matches_as_the_database()
    {
        var table = new LimitTable([Rule("all", "all", 1), Rule("shop", "u", 5, "shop_eu")]);
        Assert.Equal(5, table.FindRule("u", "shop_eu")!.MaxSize);
    }

    [Fact]
    public void No_matching_rule_returns_null()
    {
        var table = new LimitTable([Rule("db", "u", 1)]);
        Assert.Null(table.FindRule("other", "db"));
        Assert.Null(table.FindRule("u", "other"));
    }

    [Fact]
    public void Resolve_database_maps_alias_to_real_name()
    {
        var table = new LimitTable([Rule("shop", "u", 5, "shop_eu", "shop_us")]);
        Assert.Equal("shop", table.ResolveDatabase("shop_us"));
        Assert.Equal("shop", table.ResolveDatabase("shop"));
        Assert.Equal("unknown", table.ResolveDatabase("unknown"));
    }
}
