using Akka.Actor;
using Agroal.Actors.Management.Wire;
using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Management;

/// <summary>
/// One management exchange: read one frame, undo its compression and encryption, run it through the
/// <see cref="ManagementActor"/>, and answer with the same compression and encryption, as pgagroal does. Bad frames
/// (truncated, too long, undecodable, not JSON, no command) get an error document and the endpoint carries on.
/// </summary>
internal static class ManagementConnection
{
    public static async Task ServeAsync(Stream stream, IActorRef management, ManagementEndpointSettings settings, ILogger logger, CancellationToken cancellationToken)
    {
        ManagementFrame frame;
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            deadline.CancelAfter(settings.RequestTimeout);
            frame = await ManagementFrame.ReadAsync(stream, settings.MaxPayload, deadline.Token).ConfigureAwait(false);
        }
        if (frame.Status == FrameReadStatus.Truncated)
        {
            ManagementLog.TruncatedRequest(logger);
            return;
        }
        var compression = (ManagementCompression)frame.Compression;
        var encryption = (ManagementEncryption)frame.Encryption;
        if (frame.Status == FrameReadStatus.TooLong)
        {
            await RejectAsync(stream, $"the request announces {frame.Length} bytes; the limit is {settings.MaxPayload}", compression, encryption,
                settings, logger, cancellationToken).ConfigureAwait(false);
            return;
        }
        if (!PayloadCodec.TryDecode(frame, settings.MasterKey, settings.MaxPayload, out var json, out var error)
            || !ManagementDocument.TryParseRequest(json, out var request, out error))
        {
            await RejectAsync(stream, error, compression, encryption, settings, logger, cancellationToken).ConfigureAwait(false);
            return;
        }
        var completed = await management.Ask<ManagementProtocol.Completed>(new ManagementProtocol.Execute(request), settings.CommandTimeout, cancellationToken).ConfigureAwait(false);
        await ReplyAsync(stream, ManagementJson.Write(completed.Document), compression, encryption, settings, logger, cancellationToken).ConfigureAwait(false);
        completed.AfterReply?.Invoke();
    }

    private static Task RejectAsync(Stream stream, string reason, ManagementCompression compression, ManagementEncryption encryption,
        ManagementEndpointSettings settings, ILogger logger, CancellationToken cancellationToken)
    {
        ManagementLog.BadRequest(logger, reason);
        var document = ManagementDocument.ErrorOnly(ManagementErrorCode.BadPayload, reason);
        return ReplyAsync(stream, ManagementJson.Write(document), compression, encryption, settings, logger, cancellationToken);
    }

    /// <summary>
    /// Answers in the request's compression and encryption. When that is impossible (an unknown method, no master key)
    /// the answer goes plain, so the peer at least sees why instead of a closed socket.
    /// </summary>
    private static Task ReplyAsync(Stream stream, string json, ManagementCompression compression, ManagementEncryption encryption,
        ManagementEndpointSettings settings, ILogger logger, CancellationToken cancellationToken)
    {
        if (!PayloadCodec.TryEncode(json, compression, encryption, settings.MasterKey, out var payload, out var error))
        {
            ManagementLog.PlainTextAnswer(logger, error);
            return ManagementFrame.WriteAsync(stream, json, cancellationToken);
        }
        return ManagementFrame.WriteAsync(stream, compression, encryption, payload, cancellationToken);
    }
}
