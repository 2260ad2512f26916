using System.Buffers;

namespace Agroal.Actors.Protocol;

/// <summary>ErrorResponse and NoticeResponse: S, V, C, M first, then the optional fields, then a zero byte.</summary>
public static partial class BackendMessages
{
    public static void WriteErrorResponse(IBufferWriter<byte> writer, ErrorFields error) =>
        WriteFields(writer, BackendTag.ErrorResponse, error);

    public static void WriteNoticeResponse(IBufferWriter<byte> writer, ErrorFields notice) =>
        WriteFields(writer, BackendTag.NoticeResponse, notice);

    private static void WriteFields(IBufferWriter<byte> writer, byte tag, ErrorFields fields)
    {
        var nonLocalized = fields.NonLocalizedSeverity ?? fields.Severity;
        var bodyLength = FieldSize(fields.Severity) + FieldSize(nonLocalized) + FieldSize(fields.SqlState) + FieldSize(fields.Message)
            + FieldSize(fields.Detail) + FieldSize(fields.Hint) + FieldSize(fields.Position) + FieldSize(fields.InternalPosition)
            + FieldSize(fields.InternalQuery) + FieldSize(fields.Where) + FieldSize(fields.SchemaName) + FieldSize(fields.TableName)
            + FieldSize(fields.ColumnName) + FieldSize(fields.DataTypeName) + FieldSize(fields.ConstraintName)
            + FieldSize(fields.File) + FieldSize(fields.Line) + FieldSize(fields.Routine) + 1;

        var wire = WireSpan.Begin(writer, tag, bodyLength);
        WriteField(ref wire, ErrorFieldCode.Severity, fields.Severity);
        WriteField(ref wire, ErrorFieldCode.NonLocalizedSeverity, nonLocalized);
        WriteField(ref wire, ErrorFieldCode.SqlState, fields.SqlState);
        WriteField(ref wire, ErrorFieldCode.Message, fields.Message);
        WriteField(ref wire, ErrorFieldCode.Detail, fields.Detail);
        WriteField(ref wire, ErrorFieldCode.Hint, fields.Hint);
        WriteField(ref wire, ErrorFieldCode.Position, fields.Position);
        WriteField(ref wire, ErrorFieldCode.InternalPosition, fields.InternalPosition);
        WriteField(ref wire, ErrorFieldCode.InternalQuery, fields.InternalQuery);
        WriteField(ref wire, ErrorFieldCode.Where, fields.Where);
        WriteField(ref wire, ErrorFieldCode.SchemaName, fields.SchemaName);
        WriteField(ref wire, ErrorFieldCode.TableName, fields.TableName);
        WriteField(ref wire, ErrorFieldCode.ColumnName, fields.ColumnName);
        WriteField(ref wire, ErrorFieldCode.DataTypeName, fields.DataTypeName);
        WriteField(ref wire, ErrorFieldCode.ConstraintName, fields.ConstraintName);
        WriteField(ref wire, ErrorFieldCode.File, fields.File);
        WriteField(ref wire, ErrorFieldCode.Line, fields.Line);
        WriteField(ref wire, ErrorFieldCode.Routine, fields.Routine);
        wire.WriteByte(0);
        wire.Commit(writer);
    }

    private static int FieldSize(string? value) => value is null ? 0 : 1 + WireSpan.CStringSize(value);

    private static void WriteField(ref WireSpan wire, byte code, string? value)
    {
        if (value is null)
        {
            return;
        }

        wire.WriteByte(code);
        wire.WriteCString(value);
    }
}
