using System.Text;

namespace Agroal.Actors.Security.Vault;

/// <summary>Checks that a password is storable: valid UTF-8, no NUL (pgagroal keeps C strings), at most 8192 bytes.</summary>
internal static class PasswordText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The UTF-8 bytes of <paramref name="text"/>, or null with the reason in <paramref name="error"/>.</summary>
    internal static byte[]? Encode(string text, out string? error)
    {
        byte[] bytes;
        try
        {
            bytes = StrictUtf8.GetBytes(text);
        }
        catch (EncoderFallbackException)
        {
            error = "is not valid UTF-8";
            return null;
        }

        error = Validate(bytes);
        return error is null ? bytes : null;
    }

    /// <summary>The text of stored password bytes, or null with the reason in <paramref name="error"/>.</summary>
    internal static string? Decode(byte[] bytes, out string? error)
    {
        error = Validate(bytes);
        if (error is not null)
        {
            return null;
        }

        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            error = "is not valid UTF-8";
            return null;
        }
    }

    private static string? Validate(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 0)
        {
            return "is empty";
        }

        if (bytes.Length > VaultLimits.MaxPasswordBytes)
        {
            return $"is {bytes.Length} bytes long, more than the limit of {VaultLimits.MaxPasswordBytes}";
        }

        return bytes.IndexOf((byte)0) >= 0 ? "contains a NUL character" : null;
    }
}
