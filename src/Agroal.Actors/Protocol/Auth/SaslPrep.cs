using System.Text;

namespace Agroal.Actors.Protocol;

/// <summary>
/// SASLprep (RFC 4013) of a password, with PostgreSQL's leniency: an all-ASCII password is used as it
/// is, and a password that SASLprep rejects (prohibited or unassigned characters, bad bidi) is used
/// unnormalized rather than refused, so that whatever PostgreSQL stored still matches.
/// </summary>
public static class SaslPrep
{
    private const int HangulSBase = 0xAC00, HangulLBase = 0x1100, HangulVBase = 0x1161, HangulTBase = 0x11A7;
    private const int HangulLCount = 19, HangulVCount = 21, HangulTCount = 28;
    private const int HangulNCount = HangulVCount * HangulTCount, HangulSCount = HangulLCount * HangulNCount;

    public static string Normalize(string password)
    {
        if (Ascii.IsValid(password))
        {
            return password;
        }

        return TryPrepare(password, out var prepared) ? prepared : password;
    }

    /// <summary>Strict SASLprep: false when the string is not allowed (the caller then keeps the raw password).</summary>
    internal static bool TryPrepare(string input, out string prepared)
    {
        prepared = input;
        var tables = SaslPrepTables.Tables;
        var mapped = new List<int>(input.Length);
        foreach (var rune in input.EnumerateRunes())
        {
            // A lone surrogate decodes as U+FFFD, which SASLprep prohibits anyway.
            if (rune == Rune.ReplacementChar)
            {
                return false;
            }

            var codePoint = rune.Value;
            if (tables.IsNonAsciiSpace(codePoint))
            {
                mapped.Add(' ');
            }
            else if (!tables.IsMappedToNothing(codePoint))
            {
                mapped.Add(codePoint);
            }
        }

        var normalized = Compose(tables, Decompose(tables, mapped));
        if (normalized.Count == 0)
        {
            return false;
        }

        var hasRandAl = false;
        var hasLeftToRight = false;
        foreach (var codePoint in normalized)
        {
            if (tables.IsProhibited(codePoint) || tables.IsUnassigned(codePoint))
            {
                return false;
            }

            hasRandAl |= tables.IsRandAl(codePoint);
            hasLeftToRight |= tables.IsLeftToRight(codePoint);
        }

        if (hasRandAl && (hasLeftToRight || !tables.IsRandAl(normalized[0]) || !tables.IsRandAl(normalized[^1])))
        {
            return false;
        }

        var builder = new StringBuilder(normalized.Count);
        foreach (var codePoint in normalized)
        {
            builder.Append(char.ConvertFromUtf32(codePoint));
        }

        prepared = builder.ToString();
        return true;
    }

    private static List<int> Decompose(SaslPrepTables.Data tables, List<int> input)
    {
        var output = new List<int>(input.Count);
        foreach (var codePoint in input)
        {
            var syllable = codePoint - HangulSBase;
            if (syllable is >= 0 and < HangulSCount)
            {
                output.Add(HangulLBase + (syllable / HangulNCount));
                output.Add(HangulVBase + (syllable % HangulNCount / HangulTCount));
                if (syllable % HangulTCount != 0)
                {
                    output.Add(HangulTBase + (syllable % HangulTCount));
                }
            }
            else if (tables.Decompositions.TryGetValue(codePoint, out var decomposition))
            {
                output.AddRange(decomposition);
            }
            else
            {
                output.Add(codePoint);
            }
        }

        // Canonical ordering: a stable sort of each run of non-starters by combining class.
        for (var i = 1; i < output.Count; i++)
        {
            var combiningClass = tables.CombiningClass(output[i]);
            if (combiningClass == 0)
            {
                continue;
            }

            var j = i;
            while (j > 0 && tables.CombiningClass(output[j - 1]) > combiningClass)
            {
                (output[j - 1], output[j]) = (output[j], output[j - 1]);
                j--;
            }
        }

        return output;
    }

    private static List<int> Compose(SaslPrepTables.Data tables, List<int> input)
    {
        var output = new List<int>(input.Count);
        var starter = -1;
        foreach (var codePoint in input)
        {
            var combiningClass = tables.CombiningClass(codePoint);
            if (starter >= 0)
            {
                var adjacent = output.Count - 1 == starter;
                var lastClass = adjacent ? 0 : tables.CombiningClass(output[^1]);
                var blocked = !adjacent && (lastClass == 0 || lastClass >= combiningClass);
                if (!blocked && TryCompose(tables, output[starter], codePoint, out var composite))
                {
                    output[starter] = composite;
                    continue;
                }
            }

            if (combiningClass == 0)
            {
                starter = output.Count;
            }

            output.Add(codePoint);
        }

        return output;
    }

    private static bool TryCompose(SaslPrepTables.Data tables, int first, int second, out int composite)
    {
        var leading = first - HangulLBase;
        var vowel = second - HangulVBase;
        if (leading is >= 0 and < HangulLCount && vowel is >= 0 and < HangulVCount)
        {
            composite = HangulSBase + (((leading * HangulVCount) + vowel) * HangulTCount);
            return true;
        }

        var syllable = first - HangulSBase;
        var trailing = second - HangulTBase;
        if (syllable is >= 0 and < HangulSCount && syllable % HangulTCount == 0 && trailing is > 0 and < HangulTCount)
        {
            composite = first + trailing;
            return true;
        }

        return tables.Compositions.TryGetValue(SaslPrepTables.PairKey(first, second), out composite);
    }
}
