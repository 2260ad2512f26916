using System.Globalization;

namespace Agroal.Actors.Pool;

/// <summary>Reads the major version out of a server_version ParameterStatus ("15.4", "16beta1", "9.6.24").</summary>
internal static class ServerVersion
{
    /// <returns>The major version, or 0 when the text does not start with one.</returns>
    public static int Major(string? serverVersion)
    {
        if (string.IsNullOrEmpty(serverVersion))
        {
            return 0;
        }
        var digits = 0;
        while (digits < serverVersion.Length && char.IsAsciiDigit(serverVersion[digits]))
        {
            digits++;
        }
        return digits > 0 && int.TryParse(serverVersion.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out var major) ? major : 0;
    }
}
