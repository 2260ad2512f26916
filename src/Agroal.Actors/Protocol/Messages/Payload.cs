using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Agroal.Actors.Protocol;

/// <summary>Helpers for the cold-path readers: payloads are small, so they are made contiguous first.</summary>
internal static class Payload
{
    public static ReadOnlySpan<byte> Contiguous(in ReadOnlySequence<byte> payload) =>
        payload.IsSingleSegment ? payload.FirstSpan : payload.ToArray();

    /// <summary>Reads a zero-terminated UTF-8 string and moves past it; false when unterminated or not UTF-8.</summary>
    public static bool TryReadCString(ref ReadOnlySpan<byte> span, out string value)
    {
        var end = span.IndexOf((byte)0);
        if (end < 0 || !Utf8.IsValid(span[..end]))
        {
            value = string.Empty;
            return false;
        }

        value = Encoding.UTF8.GetString(span[..end]);
        span = span[(end + 1)..];
        return true;
    }
}
