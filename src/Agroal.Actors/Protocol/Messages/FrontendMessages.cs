using System.Buffers;

namespace Agroal.Actors.Protocol;

/// <summary>Writers for the messages the pooler sends to PostgreSQL as a client.</summary>
public static partial class FrontendMessages
{
    /// <summary>A protocol 3.0 StartupMessage; the parameters go out in the given order.</summary>
    public static void WriteStartupMessage(IBufferWriter<byte> writer, IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        var bodyLength = 4 + 1;
        for (var i = 0; i < parameters.Count; i++)
        {
            bodyLength += WireSpan.CStringSize(parameters[i].Key) + WireSpan.CStringSize(parameters[i].Value);
        }

        var wire = WireSpan.BeginUntagged(writer, bodyLength);
        wire.WriteInt32(ProtocolCodes.Version3);
        for (var i = 0; i < parameters.Count; i++)
        {
            wire.WriteCString(parameters[i].Key);
            wire.WriteCString(parameters[i].Value);
        }

        wire.WriteByte(0);
        wire.Commit(writer);
    }

    public static void WriteSslRequest(IBufferWriter<byte> writer) => WriteRequestCode(writer, ProtocolCodes.SslRequest);

    public static void WriteGssEncRequest(IBufferWriter<byte> writer) => WriteRequestCode(writer, ProtocolCodes.GssEncRequest);

    public static void WriteCancelRequest(IBufferWriter<byte> writer, int processId, int secretKey)
    {
        var wire = WireSpan.BeginUntagged(writer, 12);
        wire.WriteInt32(ProtocolCodes.CancelRequest);
        wire.WriteInt32(processId);
        wire.WriteInt32(secretKey);
        wire.Commit(writer);
    }

    /// <summary>PasswordMessage: a cleartext password or the "md5..." answer.</summary>
    public static void WritePasswordMessage(IBufferWriter<byte> writer, string password)
    {
        var wire = WireSpan.Begin(writer, FrontendTag.Password, WireSpan.CStringSize(password));
        wire.WriteCString(password);
        wire.Commit(writer);
    }

    public static void WriteSaslInitialResponse(IBufferWriter<byte> writer, string mechanism, ReadOnlySpan<byte> data)
    {
        var wire = WireSpan.Begin(writer, FrontendTag.Password, WireSpan.CStringSize(mechanism) + 4 + data.Length);
        wire.WriteCString(mechanism);
        wire.WriteInt32(data.Length);
        wire.WriteBytes(data);
        wire.Commit(writer);
    }

    public static void WriteSaslResponse(IBufferWriter<byte> writer, ReadOnlySpan<byte> data)
    {
        var wire = WireSpan.Begin(writer, FrontendTag.Password, data.Length);
        wire.WriteBytes(data);
        wire.Commit(writer);
    }

    public static void WriteQuery(IBufferWriter<byte> writer, string sql)
    {
        var wire = WireSpan.Begin(writer, FrontendTag.Query, WireSpan.CStringSize(sql));
        wire.WriteCString(sql);
        wire.Commit(writer);
    }

    public static void WriteTerminate(IBufferWriter<byte> writer) => WriteEmpty(writer, FrontendTag.Terminate);

    public static void WriteSync(IBufferWriter<byte> writer) => WriteEmpty(writer, FrontendTag.Sync);

    public static void WriteFlush(IBufferWriter<byte> writer) => WriteEmpty(writer, FrontendTag.Flush);

    private static void WriteRequestCode(IBufferWriter<byte> writer, int code)
    {
        var wire = WireSpan.BeginUntagged(writer, 4);
        wire.WriteInt32(code);
        wire.Commit(writer);
    }

    private static void WriteEmpty(IBufferWriter<byte> writer, byte tag)
    {
        var wire = WireSpan.Begin(writer, tag, 0);
        wire.Commit(writer);
    }
}
