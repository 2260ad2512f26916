using System.Buffers;

namespace Agroal.Actors.Protocol;

/// <summary>
/// Writers for the messages the pooler sends to clients as if it were PostgreSQL. Each computes the exact
/// length first and asks the writer for one span.
/// </summary>
public static partial class BackendMessages
{
    public static void WriteParameterStatus(IBufferWriter<byte> writer, string name, string value)
    {
        var wire = WireSpan.Begin(writer, BackendTag.ParameterStatus, WireSpan.CStringSize(name) + WireSpan.CStringSize(value));
        wire.WriteCString(name);
        wire.WriteCString(value);
        wire.Commit(writer);
    }

    public static void WriteBackendKeyData(IBufferWriter<byte> writer, int processId, int secretKey)
    {
        var wire = WireSpan.Begin(writer, BackendTag.BackendKeyData, 8);
        wire.WriteInt32(processId);
        wire.WriteInt32(secretKey);
        wire.Commit(writer);
    }

    /// <param name="status">'I' idle, 'T' in a transaction, 'E' in a failed transaction.</param>
    public static void WriteReadyForQuery(IBufferWriter<byte> writer, byte status)
    {
        var wire = WireSpan.Begin(writer, BackendTag.ReadyForQuery, 1);
        wire.WriteByte(status);
        wire.Commit(writer);
    }

    public static void WriteCommandComplete(IBufferWriter<byte> writer, string tag)
    {
        var wire = WireSpan.Begin(writer, BackendTag.CommandComplete, WireSpan.CStringSize(tag));
        wire.WriteCString(tag);
        wire.Commit(writer);
    }

    public static void WriteEmptyQueryResponse(IBufferWriter<byte> writer) => WriteEmpty(writer, BackendTag.EmptyQueryResponse);

    public static void WriteParseComplete(IBufferWriter<byte> writer) => WriteEmpty(writer, BackendTag.ParseComplete);

    public static void WriteBindComplete(IBufferWriter<byte> writer) => WriteEmpty(writer, BackendTag.BindComplete);

    public static void WriteCloseComplete(IBufferWriter<byte> writer) => WriteEmpty(writer, BackendTag.CloseComplete);

    public static void WriteNoData(IBufferWriter<byte> writer) => WriteEmpty(writer, BackendTag.NoData);

    /// <summary>Tells a client asking for 3.x or for _pq_ options that only 3.<paramref name="newestMinor"/> and none of them are spoken.</summary>
    public static void WriteNegotiateProtocolVersion(IBufferWriter<byte> writer, int newestMinor, IReadOnlyList<string> unsupportedOptions)
    {
        var bodyLength = 8;
        for (var i = 0; i < unsupportedOptions.Count; i++)
        {
            bodyLength += WireSpan.CStringSize(unsupportedOptions[i]);
        }

        var wire = WireSpan.Begin(writer, BackendTag.NegotiateProtocolVersion, bodyLength);
        wire.WriteInt32((3 << 16) | newestMinor);
        wire.WriteInt32(unsupportedOptions.Count);
        for (var i = 0; i < unsupportedOptions.Count; i++)
        {
            wire.WriteCString(unsupportedOptions[i]);
        }

        wire.Commit(writer);
    }

    private static void WriteEmpty(IBufferWriter<byte> writer, byte tag)
    {
        var wire = WireSpan.Begin(writer, tag, 0);
        wire.Commit(writer);
    }
}
