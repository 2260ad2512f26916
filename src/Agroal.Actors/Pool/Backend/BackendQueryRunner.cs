using System.Buffers;
using System.IO.Pipelines;
using Agroal.Actors.Protocol;

namespace Agroal.Actors.Pool.Backend;

/// <summary>
/// Runs the pooler's own statements on a backend (ROLLBACK, the reset query, parameter alignment, validation) and
/// reads the answer to the end, keeping the backend's ParameterStatus values current. Replies are not copied out
/// of the pipe except for the rare messages it decodes.
/// </summary>
public static class BackendQueryRunner
{
    private const int ReplyLimit = 64 * 1024 * 1024;

    public static ValueTask<BackendQueryOutcome> RunAsync(BackendConnection backend, ReadOnlyMemory<byte> queryMessage, TimeSpan timeout, CancellationToken cancellationToken)
        => RunAsync(backend, queryMessage, firstValue: null, timeout, cancellationToken);

    /// <summary>
    /// Runs <paramref name="queries"/> Query messages sent in one write, in one round trip, and reads until the last
    /// ReadyForQuery. The outcome carries the first error and the last status: a statement's error does not stop the
    /// ones after it, each simple Query being its own.
    /// </summary>
    public static ValueTask<BackendQueryOutcome> RunAsync(BackendConnection backend, ReadOnlyMemory<byte> queryMessages, int queries, TimeSpan timeout, CancellationToken cancellationToken)
        => RunAsync(backend, queryMessages, firstValue: null, timeout, cancellationToken, queries);

    /// <summary>Runs a query and returns the first column of its first row as text (null when none or NULL).</summary>
    public static async ValueTask<(BackendQueryOutcome Outcome, string? Value)> RunScalarAsync(BackendConnection backend, string sql, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var firstValue = new System.Runtime.CompilerServices.StrongBox<string?>();
        var outcome = await RunAsync(backend, PregeneratedMessages.Query(sql), firstValue, timeout, cancellationToken).ConfigureAwait(false);
        return (outcome, firstValue.Value);
    }

    private static async ValueTask<BackendQueryOutcome> RunAsync(BackendConnection backend, ReadOnlyMemory<byte> queryMessage,
        System.Runtime.CompilerServices.StrongBox<string?>? firstValue, TimeSpan timeout, CancellationToken cancellationToken, int queries = 1)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            var flush = await backend.Output.WriteAsync(queryMessage, deadline.Token).ConfigureAwait(false);
            if (flush.IsCompleted)
            {
                return BackendQueryOutcome.Ended("backend closed");
            }
            return await ReadUntilReadyAsync(backend, firstValue, queries, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return BackendQueryOutcome.Lost($"no answer within {timeout.TotalSeconds:0.#} s");
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or Microsoft.AspNetCore.Connections.ConnectionResetException)
        {
            return BackendQueryOutcome.Ended(ex.Message);
        }
    }

    public static ValueTask<BackendQueryOutcome> RunAsync(BackendConnection backend, string sql, TimeSpan timeout, CancellationToken cancellationToken)
        => RunAsync(backend, PregeneratedMessages.Query(sql), timeout, cancellationToken);

    private static async ValueTask<BackendQueryOutcome> ReadUntilReadyAsync(BackendConnection backend,
        System.Runtime.CompilerServices.StrongBox<string?>? firstValue, int queries, CancellationToken cancellationToken)
    {
        var input = backend.Input;
        ErrorFields? error = null;
        var readyLeft = queries;
        while (true)
        {
            var read = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = read.Buffer;
            while (true)
            {
                var status = MessageFramer.TryReadMessage(buffer, ReplyLimit, out var tag, out var payload, out var end, out var frameError);
                if (status == FrameStatus.Invalid)
                {
                    input.AdvanceTo(buffer.Start);
                    return BackendQueryOutcome.Lost(frameError ?? "invalid message from the server");
                }
                if (status == FrameStatus.NeedMoreData)
                {
                    break;
                }
                switch (tag)
                {
                    case BackendTag.ParameterStatus:
                        if (ParameterStatusReader.TryParse(payload, out var name, out var value))
                        {
                            backend.Parameters.Set(name, value);
                        }
                        break;
                    case BackendTag.DataRow when firstValue is { Value: null }:
                        firstValue.Value = ReadFirstColumn(payload);
                        break;
                    case BackendTag.ErrorResponse:
                        var fields = ErrorResponseReader.Parse(payload);
                        if (fields.IsFatalOrPanic)
                        {
                            input.AdvanceTo(end);
                            return new BackendQueryOutcome(false, 0, fields, fields.Message, ServerEnded: true);
                        }
                        error ??= fields;
                        break;
                    case BackendTag.ReadyForQuery when --readyLeft == 0:
                    {
                        var readyStatus = payload.Length > 0 ? payload.FirstSpan[0] : (byte)0;
                        input.AdvanceTo(end);
                        return new BackendQueryOutcome(error is null, readyStatus, error, error?.Message);
                    }
                }
                buffer = buffer.Slice(end);
            }
            if (read.IsCompleted || read.IsCanceled)
            {
                input.AdvanceTo(buffer.Start, buffer.End);
                return BackendQueryOutcome.Ended("backend closed");
            }
            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static string? ReadFirstColumn(ReadOnlySequence<byte> payload)
    {
        var reader = new SequenceReader<byte>(payload);
        if (!reader.TryReadBigEndian(out short columns) || columns < 1 || !reader.TryReadBigEndian(out int length) || length < 0
            || reader.Remaining < length)
        {
            return null;
        }
        return System.Text.Encoding.UTF8.GetString(payload.Slice(reader.Position, length).ToArray());
    }
}
