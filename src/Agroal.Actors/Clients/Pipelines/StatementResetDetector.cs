using System.Buffers;

namespace Agroal.Actors.Clients.Pipelines;

/// <summary>
/// Recognises, from the head of a simple Query's text, the commands after which PostgreSQL holds no prepared
/// statements: DISCARD ALL and DEALLOCATE [PREPARE] ALL. Only the first bytes are looked at.
/// </summary>
public static class StatementResetDetector
{
    public const int PrefixLength = 48;

    public static bool ResetsStatements(in ReadOnlySequence<byte> textHead)
    {
        Span<byte> head = stackalloc byte[PrefixLength];
        var length = (int)Math.Min(textHead.Length, PrefixLength);
        textHead.Slice(0, length).CopyTo(head);
        return ResetsStatements(head[..length]);
    }

    public static bool ResetsStatements(ReadOnlySpan<byte> text)
    {
        text = SkipSpace(text);
        if (TryWord(ref text, "discard"u8))
        {
            return TryWord(ref text, "all"u8) && AtEnd(text);
        }
        if (!TryWord(ref text, "deallocate"u8))
        {
            return false;
        }
        TryWord(ref text, "prepare"u8);
        return TryWord(ref text, "all"u8) && AtEnd(text);
    }

    private static bool TryWord(ref ReadOnlySpan<byte> text, ReadOnlySpan<byte> word)
    {
        if (text.Length < word.Length)
        {
            return false;
        }
        for (var i = 0; i < word.Length; i++)
        {
            if ((text[i] | 0x20) != word[i])
            {
                return false;
            }
        }
        var after = text[word.Length..];
        if (!after.IsEmpty && !IsSpace(after[0]) && after[0] is not ((byte)';' or 0))
        {
            return false;
        }
        text = SkipSpace(after);
        return true;
    }

    private static bool AtEnd(ReadOnlySpan<byte> text) => text.IsEmpty || text[0] is (byte)';' or 0;

    private static ReadOnlySpan<byte> SkipSpace(ReadOnlySpan<byte> text)
    {
        var i = 0;
        while (i < text.Length && IsSpace(text[i]))
        {
            i++;
        }
        return text[i..];
    }

    private static bool IsSpace(byte value) => value is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'\f';
}
