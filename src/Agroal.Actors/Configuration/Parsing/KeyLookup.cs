namespace Agroal.Actors.Configuration.Parsing;

internal static class KeyLookup
{
    /// <summary>Keys are case-sensitive, as in pgagroal.</summary>
    public static SettingKey<T>? Find<T>(IReadOnlyList<SettingKey<T>> keys, string name)
    {
        foreach (var key in keys)
        {
            if (string.Equals(key.Name, name, StringComparison.Ordinal))
            {
                return key;
            }
        }

        return null;
    }
}
