using Agroal.Actors.Protocol;

namespace Agroal.Tests.Protocol;

public class SaslPrepTests
{
    [Theory]
    [InlineData("pencil", "pencil")]
    [InlineData("a\u0007b", "a\u0007b")]
    [InlineData("I\u00ADX", "IX")]
    [InlineData("user", "user")]
    [InlineData("USER", "USER")]
    [InlineData("\u00AA", "a")]
    [InlineData("\u2168", "IX")]
    [InlineData("a\u00A0b", "a b")]
    [InlineData("e\u0301", "\u00E9")]
    [InlineData("\u1100\u1161\u11A8", "\uAC01")]
    [InlineData("\uAC01", "\uAC01")]
    [InlineData("\uFB01", "fi")]
    [InlineData("a\u0323\u0307", "\u1EA1\u0307")]
    [InlineData("a\u0307\u0323", "\u1EA1\u0307")]
    public void Normalize_maps_and_applies_nfkc(string input, string expected)
    {
        Assert.Equal(expected, SaslPrep.Normalize(input));
    }

    [Theory]
    [InlineData("\u0007\u00E9")]
    [InlineData("p\uE000")]
    [InlineData("\u0627\u0031")]
    [InlineData("\u0627a\u0628")]
    [InlineData("\u0221x")]
    public void Prohibited_unassigned_or_bad_bidi_input_is_used_raw(string input)
    {
        Assert.False(SaslPrep.TryPrepare(input, out _));
        Assert.Equal(input, SaslPrep.Normalize(input));
    }

    [Fact]
    public void Right_to_left_only_input_is_normalized()
    {
        Assert.True(SaslPrep.TryPrepare("\u0627\u0031\u0628", out var prepared));
        Assert.Equal("\u0627\u0031\u0628", prepared);
    }
}
