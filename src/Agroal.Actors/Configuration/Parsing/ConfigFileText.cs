using System.Globalization;

namespace Agroal.Actors.Configuration.Parsing;

/// <summary>Reads a configuration file as ASCII lines, the way pgagroal accepts it.</summary>
internal static class ConfigFileText
{
    /// <summary>
    /// The lines of <paramref name="path"/>, or null with an error when the file is missing, unreadable,
    /// or not plain ASCII (a NUL or a byte above 0x7F).
    /// </summary>
    public static IReadOnlyList<string>? TryReadAsciiLines(string path, string what, List<ConfigurationError> errors) =>
        TryReadLines(path, what, asciiOnly: true, errors);

    /// <summary>
    /// Like <see cref="TryReadAsciiLines"/> but, when <paramref name="asciiOnly"/> is false, accepts UTF-8: HBA and
    /// limits files name PostgreSQL users and databases, which may be non-ASCII. A NUL byte is refused either way.
    /// </summary>
    public static IReadOnlyList<string>? TryReadLines(string path, string what, bool asciiOnly, List<ConfigurationError> errors)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add(new ConfigurationError(path, 0, File.Exists(path) ? $"cannot read {what}: {e.Message}" : $"{what} not found"));
            return null;
        }

        var line = 1;
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            if (b == 0 || (asciiOnly && b > 0x7F))
            {
                errors.Add(new ConfigurationError(path, line,
                    string.Create(CultureInfo.InvariantCulture, $"{what} is not plain {(asciiOnly ? "ASCII" : "text")} (byte 0x{b:X2})")));
                return null;
            }

            if (b == (byte)'\n')
            {
                line++;
            }
        }

        string text;
        try
        {
            text = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (System.Text.DecoderFallbackException)
        {
            errors.Add(new ConfigurationError(path, 0, $"{what} is not valid UTF-8"));
            return null;
        }

        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            lines[i] = lines[i].TrimEnd('\r');
        }

        return lines;
    }

    public static bool IsCommentOrBlank(string line)
    {
        var trimmed = line.AsSpan().TrimStart(" \t");
        return trimmed.IsEmpty || trimmed[0] == '#' || trimmed[0] == ';';
    }
}
