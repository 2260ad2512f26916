using System.Globalization;

namespace Agroal.Actors.Configuration.Parsing;

/// <summary>Reads a configuration file as ASCII lines, the way pgagroal accepts it.</summary>
internal static class ConfigFileText
{
    /// <summary>
    /// The lines of <paramref name="path"/>, or null with an error when the file is missing, unreadable,
    /// or not plain ASCII (a NUL or a byte above 0x7F).
    /// </summary>
    public static IReadOnlyList<string>? TryReadAsciiLines(string path, string what, List<ConfigurationError> errors)
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
            if (b == 0 || b > 0x7F)
            {
                errors.Add(new ConfigurationError(path, line,
                    string.Create(CultureInfo.InvariantCulture, $"{what} is not plain ASCII (byte 0x{b:X2})")));
                return null;
            }

            if (b == (byte)'\n')
            {
                line++;
            }
        }

        var text = System.Text.Encoding.ASCII.GetString(bytes);
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
