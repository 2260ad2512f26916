using System.Text;

namespace Agroal.Actors.Configuration.Parsing;

/// <summary>Expands <c>$NAME</c> and <c>${NAME}</c> in path-like values.</summary>
internal static class EnvironmentExpander
{
    /// <summary>False when a referenced variable is unset; <paramref name="error"/> names it.</summary>
    public static bool TryExpand(string text, Func<string, string?> environment, out string expanded, out string error)
    {
        error = "";
        expanded = text;
        if (!text.Contains('$', StringComparison.Ordinal))
        {
            return true;
        }

        var result = new StringBuilder(text.Length + 32);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c != '$' || i + 1 >= text.Length)
            {
                result.Append(c);
                i++;
                continue;
            }

            var braced = text[i + 1] == '{';
            var start = braced ? i + 2 : i + 1;
            var end = start;
            while (end < text.Length && IsNameChar(text[end], end == start))
            {
                end++;
            }

            if (end == start || (braced && (end >= text.Length || text[end] != '}')))
            {
                result.Append(c);
                i++;
                continue;
            }

            var name = text[start..end];
            var value = environment(name);
            if (value is null)
            {
                error = $"environment variable {name} is not set";
                return false;
            }

            result.Append(value);
            i = braced ? end + 1 : end;
        }

        expanded = result.ToString();
        return true;
    }

    private static bool IsNameChar(char c, bool first) =>
        char.IsAsciiLetter(c) || c == '_' || (!first && char.IsAsciiDigit(c));
}
