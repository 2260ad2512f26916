using System.Globalization;
using System.Text;

namespace Agroal.Actors.Logging;

/// <summary>
/// strftime for log_path and log_line_prefix, in the C locale. Conversions it does not know are copied
/// as written. %Z prints "UTC" for a zero offset and the numeric offset otherwise (.NET has no zone
/// abbreviations).
/// </summary>
public static class StrftimeFormatter
{
    private static readonly string[] ShortDays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    private static readonly string[] LongDays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
    private static readonly string[] ShortMonths = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    private static readonly string[] LongMonths =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    public static string Format(string pattern, DateTimeOffset time)
    {
        if (!pattern.Contains('%', StringComparison.Ordinal))
        {
            return pattern;
        }
        var text = new StringBuilder(pattern.Length + 16);
        Append(text, pattern, time);
        return text.ToString();
    }

    public static void Append(StringBuilder text, string pattern, DateTimeOffset time)
    {
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c != '%' || i + 1 == pattern.Length)
            {
                text.Append(c);
                continue;
            }
            var conversion = pattern[++i];
            if (!AppendConversion(text, conversion, time))
            {
                text.Append('%').Append(conversion);
            }
        }
    }

    private static bool AppendConversion(StringBuilder text, char conversion, DateTimeOffset time)
    {
        switch (conversion)
        {
            case 'Y': Number(text, time.Year, 4); break;
            case 'y': Number(text, time.Year % 100, 2); break;
            case 'm': Number(text, time.Month, 2); break;
            case 'd': Number(text, time.Day, 2); break;
            case 'e': text.Append(time.Day < 10 ? " " : "").Append(time.Day); break;
            case 'H': Number(text, time.Hour, 2); break;
            case 'I': Number(text, time.Hour % 12 == 0 ? 12 : time.Hour % 12, 2); break;
            case 'M': Number(text, time.Minute, 2); break;
            case 'S': Number(text, time.Second, 2); break;
            case 'j': Number(text, time.DayOfYear, 3); break;
            case 'p': text.Append(time.Hour < 12 ? "AM" : "PM"); break;
            case 'a': text.Append(ShortDays[(int)time.DayOfWeek]); break;
            case 'A': text.Append(LongDays[(int)time.DayOfWeek]); break;
            case 'b' or 'h': text.Append(ShortMonths[time.Month - 1]); break;
            case 'B': text.Append(LongMonths[time.Month - 1]); break;
            case 'u': text.Append(time.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)time.DayOfWeek); break;
            case 'w': text.Append((int)time.DayOfWeek); break;
            case 's': text.Append(time.ToUnixTimeSeconds()); break;
            case 'z': Offset(text, time.Offset); break;
            case 'Z':
                if (time.Offset == TimeSpan.Zero)
                {
                    text.Append("UTC");
                }
                else
                {
                    Offset(text, time.Offset);
                }
                break;
            case 'F': AppendConversion(text, 'Y', time); text.Append('-'); AppendConversion(text, 'm', time); text.Append('-'); AppendConversion(text, 'd', time); break;
            case 'T': AppendConversion(text, 'H', time); text.Append(':'); AppendConversion(text, 'M', time); text.Append(':'); AppendConversion(text, 'S', time); break;
            case 'R': AppendConversion(text, 'H', time); text.Append(':'); AppendConversion(text, 'M', time); break;
            case 'D': AppendConversion(text, 'm', time); text.Append('/'); AppendConversion(text, 'd', time); text.Append('/'); AppendConversion(text, 'y', time); break;
            case 'n': text.Append('\n'); break;
            case 't': text.Append('\t'); break;
            case '%': text.Append('%'); break;
            default: return false;
        }
        return true;
    }

    private static void Number(StringBuilder text, int value, int width)
    {
        Span<char> digits = stackalloc char[8];
        value.TryFormat(digits, out var written, width == 2 ? "D2" : width == 3 ? "D3" : "D4", CultureInfo.InvariantCulture);
        text.Append(digits[..written]);
    }

    private static void Offset(StringBuilder text, TimeSpan offset)
    {
        text.Append(offset < TimeSpan.Zero ? '-' : '+');
        var absolute = offset.Duration();
        Number(text, absolute.Hours, 2);
        Number(text, absolute.Minutes, 2);
    }
}
