using System.Buffers;

namespace Agroal.Actors.Protocol;

/// <summary>
/// Cuts whole tagged messages out of a buffer, for the login phase and for the tags the pooler decodes.
/// The relay does not use it: it forwards bytes and tracks boundaries with <see cref="RelayFrameScanner"/>.
/// </summary>
public static class MessageFramer
{
    public const string InvalidLengthError = "invalid message length";

    /// <summary>PostgreSQL's limit for messages during authentication (PG_MAX_AUTH_TOKEN_LENGTH + slack).</summary>
    public const int MaxLoginMessageLength = 65536;

    public static FrameStatus TryReadMessage(
        in ReadOnlySequence<byte> buffer,
        int maxLength,
        out byte tag,
        out ReadOnlySequence<byte> payload,
        out SequencePosition end,
        out string? error)
    {
        error = null;
        payload = default;
        end = buffer.Start;
        if (!MessageHeader.TryRead(buffer, out var header))
        {
            tag = 0;
            return FrameStatus.NeedMoreData;
        }

        tag = header.Tag;
        if (!header.HasValidLength(maxLength))
        {
            error = InvalidLengthError;
            return FrameStatus.Invalid;
        }

        if (buffer.Length < header.TotalSize)
        {
            return FrameStatus.NeedMoreData;
        }

        payload = buffer.Slice(MessageHeader.Size, header.BodyLength);
        end = payload.End;
        return FrameStatus.Complete;
    }
}
