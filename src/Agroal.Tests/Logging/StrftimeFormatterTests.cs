using Agroal.Actors.Logging;

namespace Agroal.Tests.Logging;

public sealed class StrftimeFormatterTests
{
    // Saturday 7 March 2026, 14:05:09, day 66 of the year.
    private static readonly DateTimeOffset Time = new(2026, 3, 7, 14, 5, 9, TimeSpan.Zero);

    [Theory]
    [InlineData("%Y-%m-%d %H:%M:%S", "2026-03-07 14:05:09")]
    [InlineData("%y", "26")]
    [InlineData("%b %B", "Mar March")]
    [InlineData("%a %A", "Sat Saturday")]
    [InlineData("%j", "066")]
    [InlineData("%I %p", "02 PM")]
    [InlineData("[%e]", "[ 7]")]
    [InlineData("%Z %z", "UTC +0000")]
    [InlineData("100%%", "100%")]
    [InlineData("%F %T", "2026-03-07 14:05:09")]
    [InlineData("%D %R", "03/07/26 14:05")]
    [InlineData("%u %w", "6 6")]
    [InlineData("%s", "1772892309")]
    [InlineData("/var/log/agroal-%Y-%m-%d.log", "/var/log/agroal-2026-03-07.log")]
    [InlineData("no conversions", "no conversions")]
    [InlineData("%Q %E %", "%Q %E %")]
    [InlineData("", "")]
    public void Formats_known_conversions_and_copies_unknown_ones(string pattern, string expected)
    {
        Assert.Equal(expected, StrftimeFormatter.Format(pattern, Time));
    }

    [Theory]
    [InlineData(5, 30, "+0530 +0530")]
    [InlineData(-3, 0, "-0300 -0300")]
    public void Offsets_print_as_sign_hours_minutes(int hours, int minutes, string expected)
    {
        var time = new DateTimeOffset(2026, 1, 1, 0, 0, 0, new TimeSpan(hours, hours < 0 ? -minutes : minutes, 0));
        Assert.Equal(expected, StrftimeFormatter.Format("%z %Z", time));
    }

    [Fact]
    public void Midnight_and_noon_use_twelve_on_the_twelve_hour_clock()
    {
        Assert.Equal("12 AM", StrftimeFormatter.Format("%I %p", new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal("12 PM", StrftimeFormatter.Format("%I %p", new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero)));
    }
}
