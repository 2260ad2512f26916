namespace Agroal.Actors.Configuration.Parsing;

/// <summary>Splits <c>key = value</c> with pgagroal's rules.</summary>
internal static class KeyValueLine
{
    /// <summary>
    /// The key ends at the first space, tab or <c>=</c>; separators after it are skipped. The rest is returned raw;
    /// <see cref="TryExtractValue"/> applies the quote and comment rules to it.
    /// </summary>
    public static bool TrySplit(string line, out string key, out string rest)
    {
        var text = line.TrimStart(' ', '\t');
        var end = text.IndexOfAny([' ', '\t', '=']);
        if (end < 0)
        {
            end = text.Length;
        }

        key = text[..end];
        var start = end;
        while (start < text.Length && text[start] is ' ' or '\t' or '=')
        {
            start++;
        }

        rest = text[start..];
        return key.Length > 0;
    }

    /// <summary>
    /// A quoted value runs to its matching quote; an unquoted one ends at a space, tab, <c>#</c>, <c>;</c> or the line's end.
    /// </summary>
    public static bool TryExtractValue(string rest, out string value, out string error)
    {
        error = "";
        if (rest.Length > 0 && rest[0] is '"' or '\'')
        {
            var close = rest.IndexOf(rest[0], 1);
            if (close < 0)
            {
                value = "";
                error = $"mismatched quotes in value {rest}";
                return false;
            }

            value = rest[1..close];
            return true;
        }

        var end = rest.IndexOfAny([' ', '\t', '#', ';']);
        value = end < 0 ? rest : rest[..end];
        return true;
    }
}
