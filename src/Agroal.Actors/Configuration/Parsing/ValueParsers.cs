using System.Globalization;

namespace Agroal.Actors.Configuration.Parsing;

/// <summary>
/// pgagroal's value grammars. Each returns false with a reason phrase that completes
/// <c>key: "value" &lt;reason&gt;</c>.
/// </summary>
internal static class ValueParsers
{
    public const string DurationReason = "is not a duration (digits with an optional unit s, m, h, d or w)";
    public const string SizeReason = "is not a size (digits with an optional unit b, k, kb, m, mb, g or gb)";

    public static bool TryParseBool(string text, out bool value, out string reason)
    {
        reason = "";
        switch (text.ToLowerInvariant())
        {
            case "on" or "yes" or "1" or "true":
                value = true;
                return true;
            case "off" or "no" or "0" or "false":
                value = false;
                return true;
            default:
                value = false;
                reason = "is not a boolean (on, off, yes, no, true, false, 1, 0)";
                return false;
        }
    }

    public static bool TryParseInt(string text, out int value, out string reason)
    {
        reason = "";
        if (text.Length > 0 && text.Trim().Length == text.Length
            && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }

        value = 0;
        reason = "is not an integer";
        return false;
    }

    public static bool TryParseIntInRange(string text, int min, int max, out int value, out string reason)
    {
        if (!TryParseInt(text, out value, out reason))
        {
            return false;
        }

        if (value < min || value > max)
        {
            reason = string.Create(CultureInfo.InvariantCulture, $"is out of range ({min}..{max})");
            return false;
        }

        return true;
    }

    /// <summary>Digits and at most one unit of s, m, h, d, w; no unit means seconds.</summary>
    public static bool TryParseDuration(string text, out TimeSpan value, out string reason)
    {
        value = TimeSpan.Zero;
        reason = DurationReason;
        var digits = CountLeadingDigits(text);
        if (digits == 0 || text.Length - digits > 1)
        {
            return false;
        }

        long multiplier = text.Length == digits ? 1 : char.ToLowerInvariant(text[^1]) switch
        {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86400,
            'w' => 604800,
            _ => 0,
        };
        if (multiplier == 0 || !long.TryParse(text.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }

        // TimeSpan holds about 29 000 years; anything near that is a typo, not a setting.
        const long maxSeconds = 100L * 365 * 86400;
        if (amount > maxSeconds / multiplier)
        {
            reason = "is too large for a duration";
            return false;
        }

        value = TimeSpan.FromSeconds(amount * multiplier);
        return true;
    }

    /// <summary>Digits and an optional unit b, k, kb, m, mb, g, gb (base 1024); no unit means bytes.</summary>
    public static bool TryParseSize(string text, out long value, out string reason)
    {
        value = 0;
        reason = SizeReason;
        var digits = CountLeadingDigits(text);
        if (digits == 0)
        {
            return false;
        }

        long multiplier = text[digits..].ToLowerInvariant() switch
        {
            "" or "b" => 1,
            "k" or "kb" => 1024,
            "m" or "mb" => 1024 * 1024,
            "g" or "gb" => 1024 * 1024 * 1024,
            _ => 0,
        };
        if (multiplier == 0 || !long.TryParse(text.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }

        if (amount > long.MaxValue / multiplier)
        {
            reason = "is too large for a size";
            return false;
        }

        value = amount * multiplier;
        return true;
    }

    public static bool TryParsePort(string text, bool allowZero, out int value, out string reason) =>
        TryParseIntInRange(text, allowZero ? 0 : 1, 65535, out value, out reason);

    private static int CountLeadingDigits(string text)
    {
        var count = 0;
        while (count < text.Length && char.IsAsciiDigit(text[count]))
        {
            count++;
        }

        return count;
    }
}
