namespace Agroal.Actors.Protocol;

/// <summary>Finds the severity of an ErrorResponse body, or of its first bytes, without allocating.</summary>
internal static class ErrorSeverity
{
    private const byte SeverityField = (byte)'S';
    private const byte NonLocalizedSeverityField = (byte)'V';

    /// <summary>
    /// True when a complete S or V field in <paramref name="fields"/> says FATAL or PANIC. The V field is
    /// never translated, so a localized S does not hide a fatal error; a truncated field is ignored.
    /// </summary>
    public static bool IsFatalOrPanic(ReadOnlySpan<byte> fields)
    {
        while (fields.Length > 1)
        {
            var code = fields[0];
            if (code == 0)
            {
                return false;
            }

            var rest = fields[1..];
            var end = rest.IndexOf((byte)0);
            if (end < 0)
            {
                return false;
            }

            if (code is SeverityField or NonLocalizedSeverityField)
            {
                var value = rest[..end];
                if (value.SequenceEqual("FATAL"u8) || value.SequenceEqual("PANIC"u8))
                {
                    return true;
                }
            }

            fields = rest[(end + 1)..];
        }

        return false;
    }
}
