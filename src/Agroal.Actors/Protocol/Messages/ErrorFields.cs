namespace Agroal.Actors.Protocol;

/// <summary>
/// The fields of an ErrorResponse or NoticeResponse. <see cref="Severity"/> is the S field (possibly
/// translated when read from a server); writers send it as both S and V, so give it in English
/// (ERROR, FATAL, PANIC, WARNING, NOTICE, DEBUG, INFO, LOG).
/// </summary>
public sealed record ErrorFields(string Severity, string SqlState, string Message)
{
    /// <summary>The V field: never translated. Null when absent (servers before 9.6).</summary>
    public string? NonLocalizedSeverity { get; init; }

    public string? Detail { get; init; }

    public string? Hint { get; init; }

    public string? Position { get; init; }

    public string? InternalPosition { get; init; }

    public string? InternalQuery { get; init; }

    public string? Where { get; init; }

    public string? SchemaName { get; init; }

    public string? TableName { get; init; }

    public string? ColumnName { get; init; }

    public string? DataTypeName { get; init; }

    public string? ConstraintName { get; init; }

    public string? File { get; init; }

    public string? Line { get; init; }

    public string? Routine { get; init; }

    public bool IsFatalOrPanic =>
        IsFatalOrPanicSeverity(NonLocalizedSeverity ?? Severity);

    public static ErrorFields Fatal(string sqlState, string message) => new("FATAL", sqlState, message);

    public static ErrorFields Error(string sqlState, string message) => new("ERROR", sqlState, message);

    private static bool IsFatalOrPanicSeverity(string severity) =>
        string.Equals(severity, "FATAL", StringComparison.Ordinal) || string.Equals(severity, "PANIC", StringComparison.Ordinal);
}
