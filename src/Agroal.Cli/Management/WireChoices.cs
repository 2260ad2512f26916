using System.Globalization;
using Agroal.Actors.Management.Wire;

namespace Agroal.Cli.Management;

/// <summary>pgagroal-cli's spellings of -C, -E and -T, plus the long names agroal-cli also takes.</summary>
internal static class WireChoices
{
    public static bool TryParseCompression(string? text, out ManagementCompression compression)
    {
        compression = (text ?? "none").ToLowerInvariant() switch
        {
            "none" => ManagementCompression.None,
            "gz" or "gzip" => ManagementCompression.Gzip,
            "zstd" => ManagementCompression.Zstd,
            "lz4" => ManagementCompression.Lz4,
            "bz2" or "bzip2" => ManagementCompression.Bzip2,
            _ => (ManagementCompression)255,
        };
        return Enum.IsDefined(compression);
    }

    public static bool TryParseEncryption(string? text, out ManagementEncryption encryption)
    {
        encryption = (text ?? "none").ToLowerInvariant() switch
        {
            "none" => ManagementEncryption.None,
            "aes" or "aes256" or "aes256gcm" or "aes-256-gcm" => ManagementEncryption.Aes256Gcm,
            "aes192" or "aes192gcm" or "aes-192-gcm" => ManagementEncryption.Aes192Gcm,
            "aes128" or "aes128gcm" or "aes-128-gcm" => ManagementEncryption.Aes128Gcm,
            _ => (ManagementEncryption)255,
        };
        return Enum.IsDefined(encryption);
    }

    /// <summary>pgagroal HEAD's --timeout: a non-negative number with an optional s, m, h, d or w; seconds.</summary>
    public static bool TryParseDuration(string? text, out long? seconds)
    {
        seconds = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }
        var trimmed = text.Trim().ToLowerInvariant();
        var unit = trimmed[^1] switch
        {
            's' => 1L,
            'm' => 60L,
            'h' => 3600L,
            'd' => 86400L,
            'w' => 604800L,
            _ => 0L,
        };
        var number = unit == 0 ? trimmed : trimmed[..^1];
        if (!long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > long.MaxValue / 604800)
        {
            return false;
        }
        seconds = value * (unit == 0 ? 1 : unit);
        return true;
    }
}
