using System.Buffers;

namespace Agroal.Actors.Protocol;

/// <summary>Decodes ErrorResponse and NoticeResponse bodies. Never throws: missing fields get neutral values.</summary>
public static class ErrorResponseReader
{
    private const int SeverityScanLimit = 256;

    public static ErrorFields Parse(in ReadOnlySequence<byte> payload)
    {
        var span = Payload.Contiguous(payload);
        string? severity = null, nonLocalized = null, sqlState = null, message = null, detail = null, hint = null,
            position = null, internalPosition = null, internalQuery = null, where = null, schema = null, table = null,
            column = null, dataType = null, constraint = null, file = null, line = null, routine = null;

        while (span.Length > 1 && span[0] != 0)
        {
            var code = span[0];
            span = span[1..];
            if (!Payload.TryReadCString(ref span, out var value))
            {
                break;
            }

            switch (code)
            {
                case ErrorFieldCode.Severity: severity = value; break;
                case ErrorFieldCode.NonLocalizedSeverity: nonLocalized = value; break;
                case ErrorFieldCode.SqlState: sqlState = value; break;
                case ErrorFieldCode.Message: message = value; break;
                case ErrorFieldCode.Detail: detail = value; break;
                case ErrorFieldCode.Hint: hint = value; break;
                case ErrorFieldCode.Position: position = value; break;
                case ErrorFieldCode.InternalPosition: internalPosition = value; break;
                case ErrorFieldCode.InternalQuery: internalQuery = value; break;
                case ErrorFieldCode.Where: where = value; break;
                case ErrorFieldCode.SchemaName: schema = value; break;
                case ErrorFieldCode.TableName: table = value; break;
                case ErrorFieldCode.ColumnName: column = value; break;
                case ErrorFieldCode.DataTypeName: dataType = value; break;
                case ErrorFieldCode.ConstraintName: constraint = value; break;
                case ErrorFieldCode.File: file = value; break;
                case ErrorFieldCode.Line: line = value; break;
                case ErrorFieldCode.Routine: routine = value; break;
            }
        }

        return new ErrorFields(severity ?? nonLocalized ?? "ERROR", sqlState ?? SqlState.InternalError, message ?? string.Empty)
        {
            NonLocalizedSeverity = nonLocalized,
            Detail = detail,
            Hint = hint,
            Position = position,
            InternalPosition = internalPosition,
            InternalQuery = internalQuery,
            Where = where,
            SchemaName = schema,
            TableName = table,
            ColumnName = column,
            DataTypeName = dataType,
            ConstraintName = constraint,
            File = file,
            Line = line,
            Routine = routine,
        };
    }

    /// <summary>Whether the S or V field says FATAL or PANIC; looks only at the first 256 bytes, allocates nothing.</summary>
    public static bool IsFatalOrPanic(in ReadOnlySequence<byte> payload)
    {
        if (payload.IsSingleSegment)
        {
            var first = payload.FirstSpan;
            return ErrorSeverity.IsFatalOrPanic(first[..Math.Min(first.Length, SeverityScanLimit)]);
        }

        Span<byte> prefix = stackalloc byte[SeverityScanLimit];
        var length = (int)Math.Min(payload.Length, SeverityScanLimit);
        payload.Slice(0, length).CopyTo(prefix);
        return ErrorSeverity.IsFatalOrPanic(prefix[..length]);
    }
}
