namespace Agroal.Actors.Protocol;

/// <summary>The outcome of one SCRAM step: the message to send next, or why the exchange failed.</summary>
public sealed record ScramStepResult(bool Success, byte[]? Message, string? Error)
{
    public ScramFailure Failure { get; init; }

    /// <summary>The SQLSTATE to report to a client for this failure.</summary>
    public string SqlState => Failure switch
    {
        ScramFailure.None => string.Empty,
        ScramFailure.AuthenticationFailed => Protocol.SqlState.InvalidPassword,
        _ => Protocol.SqlState.ProtocolViolation,
    };

    internal static ScramStepResult Ok(byte[] message) => new(true, message, null);

    internal static ScramStepResult Failed(ScramFailure failure, string error) => new(false, null, error) { Failure = failure };
}
