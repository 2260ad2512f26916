using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Errors;

/// <summary>
/// A failure as data: a stable code for logs and metrics, the SQLSTATE and text the client sees, and the level it is
/// logged at. Messages follow pgagroal's wording where pgagroal has one.
/// </summary>
public sealed record PoolerError(PoolerErrorKind Kind, string Code, string SqlState, string Message, LogLevel Level)
{
    public string? Detail { get; init; }

    public PoolerError WithMessage(string message) => this with { Message = message };

    public PoolerError WithDetail(string? detail) => this with { Detail = detail };

    public override string ToString() => $"{Code} {SqlState} {Message}";
}
