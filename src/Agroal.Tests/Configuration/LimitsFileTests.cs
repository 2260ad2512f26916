using Agroal.Actors.Configuration;

namespace Agroal.Tests.Configuration;

public sealed class LimitsFileTests
{
    private static ConfigurationLoadResult LoadLimits(string limits, string mainKeys = "max_connections = 100", params string[] users)
    {
        using var config = TempConfig.WithMainKeys(mainKeys);
        config.Limits(limits);
        if (users.Length > 0)
        {
            config.Users(users);
        }

        return config.Load();
    }

    private static LimitTable ValidLimits(string limits, string mainKeys = "max_connections = 100", params string[] users)
    {
        var result = LoadLimits(limits, mainKeys, users);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return result.Configuration.Limits;
    }

    [Fact]
    public void Entries_parse_with_optional_initial_and_min()
    {
        var rules = ValidLimits("# db user max initial min\ndb1 u1 10 5 2\ndb2 u2 20 3\ndb3 u3 30\n", users: ["u1", "u2"]).Rules;
        Assert.Equal([(10, 5, 2), (20, 3, 0), (30, 0, 0)], rules.Select(r => (r.MaxSize, r.InitialSize, r.MinSize)));
        Assert.Equal([2, 3, 4], rules.Select(r => r.Line));
    }

    [Fact]
    public void Max_size_all_takes_what_earlier_entries_left()
    {
        var rules = ValidLimits("a u 30\nb u 20\nall all all all all\n", users: ["u"]).Rules;
        Assert.Equal(50, rules[2].MaxSize);
        Assert.Equal(50, rules[2].InitialSize);
        Assert.Equal(50, rules[2].MinSize);
    }

    [Fact]
    public void All_after_budget_is_spent_is_fatal() =>
        Assert.Contains(LoadLimits("a u 100\nall all all\n").Errors, e => e.Line == 2 && e.Message.Contains("leaves no connections", StringComparison.Ordinal));

    [Theory]
    [InlineData("db u x", "max_size: \"x\"")]
    [InlineData("db u 0", "max_size must be greater than 0")]
    [InlineData("db u 10 x", "initial_size: \"x\"")]
    [InlineData("db u 10 1 -1", "min_size: \"-1\"")]
    [InlineData("db u", "found 2 columns")]
    [InlineData("db u 1 1 1 1", "found 6 columns")]
    [InlineData("=x u 10", "empty name or alias")]
    [InlineData("db=a,,b u 10", "empty name or alias")]
    public void Bad_lines_are_fatal_with_line(string line, string reason)
    {
        var error = Assert.Single(LoadLimits("ok u 1\n" + line + "\n").Errors);
        Assert.Equal(2, error.Line);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sum_of_max_size_above_max_connections_is_fatal() =>
        Assert.Contains(LoadLimits("a u 30\nb u 30\n", "max_connections = 50").Errors,
            e => e.Line == 2 && e.Message.Contains("exceeds max_connections (50", StringComparison.Ordinal));

    [Fact]
    public void Sum_equal_to_max_connections_is_fine() => ValidLimits("a u 25\nb u 25\n", "max_connections = 50");

    [Theory]
    [InlineData("db u 10 2 5", 10, 5, 5, "initial_size 2 is below min_size 5")]
    [InlineData("db u 10 20 0", 10, 10, 0, "initial_size 20 is above max_size 10")]
    [InlineData("db u 5 0 10", 5, 5, 5, "min_size 10 is above max_size 5")]
    public void Incoherent_sizes_are_adjusted_with_warnings(string line, int max, int initial, int min, string warning)
    {
        var result = LoadLimits(line + "\n", users: ["u"]);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var rule = Assert.Single(result.Configuration.Limits.Rules);
        Assert.Equal((max, initial, min), (rule.MaxSize, rule.InitialSize, rule.MinSize));
        Assert.Contains(result.Warnings, w => w.Line == 1 && w.Message.Contains(warning, StringComparison.Ordinal));
    }

    [Fact]
    public void Prefill_user_must_be_in_users_file() =>
        Assert.Contains(LoadLimits("db ghost 10 2\n", users: ["u"]).Errors, e => e.Message.Contains("\"ghost\"", StringComparison.Ordinal));

    [Fact]
    public void Prefill_on_all_user_is_a_warning() =>
        Assert.Contains(LoadLimits("db all 10 2\n").Warnings, w => w.Message.Contains("no prefill", StringComparison.Ordinal));

    [Fact]
    public void Aliases_parse_with_spaces_around_separators()
    {
        var rule = ValidLimits("shop = shop_eu , shop_us   u 10\n").Rules[0];
        Assert.Equal("shop", rule.Database);
        Assert.Equal(["shop_eu", "shop_us"], rule.Aliases);
        Assert.Equal("u", rule.User);
    }

    [Theory]
    [InlineData("a=x u 10\nb=x u 10\n", "alias \"x\" is already used for database \"a\"")]
    [InlineData("a=x,x u 10\n", "alias \"x\" is already used")]
    [InlineData("a=b u 10\nb u 10\n", "alias \"b\" is also a database name")]
    [InlineData("all=x u 10\n", "database all cannot have aliases")]
    [InlineData("a=all u 10\n", "alias all is reserved")]
    public void Alias_rules_are_enforced(string limits, string reason) =>
        Assert.Contains(LoadLimits(limits).Errors, e => e.Message.Contains(reason, StringComparison.Ordinal));

    [Fact]
    public void Without_limits_file_the_table_is_empty()
    {
        using var config = TempConfig.WithMainKeys("");
        var limits = config.LoadValid().Limits;
        Assert.Empty(limits.Rules);
        Assert.Null(limits.FindRule("u", "db"));
    }
}
