using System.Globalization;

namespace Agroal.Actors.Configuration;

internal static class ConfigurationLocation
{
    public static string Format(string file, int line, string message) =>
        line > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{file}:{line}: {message}")
            : $"{file}: {message}";
}
