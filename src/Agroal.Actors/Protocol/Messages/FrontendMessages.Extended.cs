using System.Buffers;

namespace Agroal.Actors.Protocol;

/// <summary>Extended-query messages, used when the pooler re-prepares statements on a backend.</summary>
public static partial class FrontendMessages
{
    /// <summary>Describe and Close target a prepared statement ('S') or a portal ('P').</summary>
    public const byte StatementKind = (byte)'S';

    public const byte PortalKind = (byte)'P';

    public static void WriteParse(IBufferWriter<byte> writer, string name, string sql, ReadOnlySpan<int> parameterTypes)
    {
        var bodyLength = WireSpan.CStringSize(name) + WireSpan.CStringSize(sql) + 2 + (4 * parameterTypes.Length);
        var wire = WireSpan.Begin(writer, FrontendTag.Parse, bodyLength);
        wire.WriteCString(name);
        wire.WriteCString(sql);
        wire.WriteInt16(checked((short)parameterTypes.Length));
        for (var i = 0; i < parameterTypes.Length; i++)
        {
            wire.WriteInt32(parameterTypes[i]);
        }

        wire.Commit(writer);
    }

    public static void WriteDescribe(IBufferWriter<byte> writer, byte kind, string name) => WriteKindAndName(writer, FrontendTag.Describe, kind, name);

    public static void WriteClose(IBufferWriter<byte> writer, byte kind, string name) => WriteKindAndName(writer, FrontendTag.Close, kind, name);

    /// <summary>Execute a portal; <paramref name="maxRows"/> 0 means all rows.</summary>
    public static void WriteExecute(IBufferWriter<byte> writer, string portal, int maxRows)
    {
        var wire = WireSpan.Begin(writer, FrontendTag.Execute, WireSpan.CStringSize(portal) + 4);
        wire.WriteCString(portal);
        wire.WriteInt32(maxRows);
        wire.Commit(writer);
    }

    private static void WriteKindAndName(IBufferWriter<byte> writer, byte tag, byte kind, string name)
    {
        var wire = WireSpan.Begin(writer, tag, 1 + WireSpan.CStringSize(name));
        wire.WriteByte(kind);
        wire.WriteCString(name);
        wire.Commit(writer);
    }
}
