namespace Agroal.Actors.Configuration.Parsing;

/// <summary>The accepted spellings of an enum key; the first spelling of each value is the one printed.</summary>
internal sealed class EnumSpellings<TEnum>
    where TEnum : struct, Enum
{
    private readonly (string Spelling, TEnum Value)[] _spellings;

    public EnumSpellings(params (string Spelling, TEnum Value)[] spellings) => _spellings = spellings;

    public bool TryParse(string text, out TEnum value, out string reason)
    {
        foreach (var (spelling, candidate) in _spellings)
        {
            if (string.Equals(spelling, text, StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                reason = "";
                return true;
            }
        }

        value = default;
        var names = new List<string>(_spellings.Length);
        foreach (var (spelling, _) in _spellings)
        {
            names.Add(spelling);
        }

        reason = $"is not one of {string.Join(", ", names)}";
        return false;
    }

    public string Format(TEnum value)
    {
        foreach (var (spelling, candidate) in _spellings)
        {
            if (EqualityComparer<TEnum>.Default.Equals(candidate, value))
            {
                return spelling;
            }
        }

        return value.ToString().ToLowerInvariant();
    }
}
