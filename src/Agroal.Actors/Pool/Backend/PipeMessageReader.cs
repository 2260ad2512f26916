using System.Buffers;
using System.IO.Pipelines;
using Agroal.Actors.Protocol;

namespace Agroal.Actors.Pool.Backend;

/// <summary>Reads whole messages from a pipe for the phases where the pooler itself speaks (login, reset, validation).</summary>
public static class PipeMessageReader
{
    public enum Outcome { Message, EndOfStream, Invalid }

    public readonly record struct Result(Outcome Outcome, BackendMessage Message, string? Error);

    public static async ValueTask<Result> ReadAsync(PipeReader reader, int maxLength, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = read.Buffer;
            var status = MessageFramer.TryReadMessage(buffer, maxLength, out var tag, out var payload, out var end, out var error);
            if (status == FrameStatus.Complete)
            {
                var message = new BackendMessage(tag, payload.ToArray());
                reader.AdvanceTo(end);
                return new Result(Outcome.Message, message, null);
            }
            if (status == FrameStatus.Invalid)
            {
                reader.AdvanceTo(buffer.Start);
                return new Result(Outcome.Invalid, default, error);
            }
            if (read.IsCompleted || read.IsCanceled)
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
                return new Result(Outcome.EndOfStream, default, read.IsCanceled ? "read cancelled" : "connection closed");
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}
