using System.Globalization;

namespace Agroal.Actors.Configuration.Parsing;

/// <summary>Factories for the value kinds of pgagroal.conf.</summary>
internal static class SettingKeys<TSettings>
{
    public static SettingKey<TSettings> Bool(string name, ReloadEffect reload, Func<TSettings, bool> get, Func<TSettings, bool, TSettings> set) =>
        new TypedSettingKey<TSettings, bool>(name, reload, false,
            static (string text, SettingContext _, out bool value, out string reason) => ValueParsers.TryParseBool(text, out value, out reason),
            get, set, FormatBool);

    public static SettingKey<TSettings> Int(string name, ReloadEffect reload, int min, int max, Func<TSettings, int> get, Func<TSettings, int, TSettings> set) =>
        new TypedSettingKey<TSettings, int>(name, reload, false,
            (string text, SettingContext _, out int value, out string reason) => ValueParsers.TryParseIntInRange(text, min, max, out value, out reason),
            get, set, FormatInt);

    public static SettingKey<TSettings> Port(string name, ReloadEffect reload, bool allowZero, Func<TSettings, int> get, Func<TSettings, int, TSettings> set) =>
        new TypedSettingKey<TSettings, int>(name, reload, false,
            (string text, SettingContext _, out int value, out string reason) => ValueParsers.TryParsePort(text, allowZero, out value, out reason),
            get, set, FormatInt);

    public static SettingKey<TSettings> Duration(string name, ReloadEffect reload, TimeSpan minimum, Func<TSettings, TimeSpan> get, Func<TSettings, TimeSpan, TSettings> set) =>
        new TypedSettingKey<TSettings, TimeSpan>(name, reload, false,
            (string text, SettingContext _, out TimeSpan value, out string reason) =>
            {
                if (!ValueParsers.TryParseDuration(text, out value, out reason))
                {
                    return false;
                }

                if (value < minimum)
                {
                    reason = $"is below the minimum of {FormatDuration(minimum)} seconds";
                    return false;
                }

                return true;
            },
            get, set, FormatDuration);

    public static SettingKey<TSettings> Size(string name, ReloadEffect reload, long minimum, long maximum, Func<TSettings, long> get, Func<TSettings, long, TSettings> set) =>
        new TypedSettingKey<TSettings, long>(name, reload, false,
            (string text, SettingContext _, out long value, out string reason) =>
            {
                if (!ValueParsers.TryParseSize(text, out value, out reason))
                {
                    return false;
                }

                if (value < minimum || value > maximum)
                {
                    reason = string.Create(CultureInfo.InvariantCulture, $"is out of range ({minimum}..{maximum} bytes)");
                    return false;
                }

                return true;
            },
            get, set, FormatLong);

    public static SettingKey<TSettings> Text(string name, ReloadEffect reload, Func<TSettings, string> get, Func<TSettings, string, TSettings> set) =>
        new TypedSettingKey<TSettings, string>(name, reload, false, AcceptText, get, set, static value => value);

    /// <summary>A path-like string: verbatim, with <c>$VAR</c> expansion.</summary>
    public static SettingKey<TSettings> PathText(string name, ReloadEffect reload, Func<TSettings, string> get, Func<TSettings, string, TSettings> set) =>
        new TypedSettingKey<TSettings, string>(name, reload, true, AcceptText, get, set, static value => value);

    public static SettingKey<TSettings> Enum<TEnum>(string name, ReloadEffect reload, EnumSpellings<TEnum> spellings, Func<TSettings, TEnum> get, Func<TSettings, TEnum, TSettings> set)
        where TEnum : struct, System.Enum =>
        new TypedSettingKey<TSettings, TEnum>(name, reload, false,
            (string text, SettingContext _, out TEnum value, out string reason) => spellings.TryParse(text, out value, out reason),
            get, set, spellings.Format);

    public static SettingKey<TSettings> Custom<TValue>(string name, ReloadEffect reload, bool isPathLike, ValueParser<TValue> parse, Func<TSettings, TValue> get, Func<TSettings, TValue, TSettings> set, Func<TValue, string> format) =>
        new TypedSettingKey<TSettings, TValue>(name, reload, isPathLike, parse, get, set, format);

    public static string FormatBool(bool value) => value ? "on" : "off";

    public static string FormatInt(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string FormatLong(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string FormatDuration(TimeSpan value) => ((long)value.TotalSeconds).ToString(CultureInfo.InvariantCulture);

    private static bool AcceptText(string text, SettingContext context, out string value, out string reason)
    {
        value = text;
        reason = "";
        return true;
    }
}
