using Agroal.Actors.Kernel;
using Agroal.Actors.Management.Wire;
using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Management;

/// <summary>
/// One management exchange: read one frame, run it through the <see cref="ManagementActor"/>, write the answer.
/// Bad frames (truncated, too long, compressed or encrypted, not JSON, no command) get an error document and the
/// endpoint carries on.
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
            logger.LogDebug("management: the peer closed before sending a whole request");
            return;
        }
        if (frame.Status == FrameReadStatus.TooLong)
        {
            await RejectAsync(stream, $"the request announces {frame.Length} bytes; the limit is {settings.MaxPayload}", logger, cancellationToken).ConfigureAwait(false);
            return;
        }
        if (!frame.IsPlain)
        {
            await RejectAsync(stream, $"compression {frame.Compression} / encryption {frame.Encryption} is not supported: use none", logger, cancellationToken).ConfigureAwait(false);
            return;
        }
        if (!ManagementDocument.TryParseRequest(frame.Payload, out var request, out var error))
        {
            await RejectAsync(stream, error, logger, cancellationToken).ConfigureAwait(false);
            return;
        }
        var completed = await management.Ask<ManagementProtocol.Completed>(new ManagementProtocol.Execute(request), settings.CommandTimeout, cancellationToken).ConfigureAwait(false);
        await ManagementFrame.WriteAsync(stream, completed.Document.ToJsonString(), cancellationToken).ConfigureAwait(false);
        completed.AfterReply?.Invoke();
    }

    private static Task RejectAsync(Stream stream, string reason, ILogger logger, CancellationToken cancellationToken)
    {
        logger.LogWarning("management: bad request: {Reason}", reason);
        var document = ManagementDocument.ErrorOnly(ManagementErrorCode.BadPayload, reason);
        return ManagementFrame.WriteAsync(stream, document.ToJsonString(), cancellationToken);
    }
}
