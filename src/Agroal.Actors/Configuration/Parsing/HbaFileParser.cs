using System.Globalization;

namespace Agroal.Actors.Configuration.Parsing;

/// <summary>Parses pgagroal_hba.conf: <c>TYPE DATABASE USER ADDRESS METHOD</c> per line. Any bad line is fatal.</summary>
internal static class HbaFileParser
{
    public static HbaTable Parse(string path, List<ConfigurationError> errors)
    {
        var lines = ConfigFileText.TryReadLines(path, "HBA file", asciiOnly: false, errors);
        if (lines is null)
        {
            return HbaTable.Empty;
        }

        var entries = new List<HbaEntry>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (TryParseLine(lines[i], i + 1, out var entry, out var error))
            {
                if (entry is not null)
                {
                    entries.Add(entry);
                }
            }
            else
            {
                errors.Add(new ConfigurationError(path, i + 1, error));
            }
        }

        return new HbaTable(entries);
    }

    /// <summary>True with a null entry for comment and blank lines.</summary>
    public static bool TryParseLine(string line, int number, out HbaEntry? entry, out string error)
    {
        entry = null;
        error = "";
        var content = StripComment(line);
        var columns = content.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (columns.Length == 0)
        {
            return true;
        }

        if (columns.Length != 5)
        {
            error = string.Create(CultureInfo.InvariantCulture,
                $"expected 5 columns (TYPE DATABASE USER ADDRESS METHOD), found {columns.Length}");
            return false;
        }

        if (!HbaFields.TryParseType(columns[0], out var type, out error)
            || !HbaFields.TryValidateName(columns[1], "database", out error)
            || !HbaFields.TryValidateName(columns[2], "user", out error)
            || !HbaAddress.TryParse(columns[3], out var address, out error)
            || !HbaFields.TryParseMethod(columns[4], out var method, out error))
        {
            return false;
        }

        entry = new HbaEntry(type, columns[1], columns[2], address, method, number);
        return true;
    }

    private static string StripComment(string line)
    {
        var cut = line.AsSpan().IndexOfAny('#', ';');
        return cut < 0 ? line : line[..cut];
    }
}
