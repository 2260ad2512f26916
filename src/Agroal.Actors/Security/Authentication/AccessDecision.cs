namespace Agroal.Actors.Security.Authentication;

/// <summary>What the HBA table says about one client: whether it may try, and with which method.</summary>
public readonly record struct AccessDecision(AccessOutcome Outcome, AuthMethod Method)
{
    public static AccessDecision Allow(AuthMethod method) => new(AccessOutcome.Allowed, method);

    public static readonly AccessDecision NoEntry = new(AccessOutcome.NoEntry, AuthMethod.Reject);

    public static readonly AccessDecision Rejected = new(AccessOutcome.Rejected, AuthMethod.Reject);

    public static readonly AccessDecision TlsRequired = new(AccessOutcome.TlsRequired, AuthMethod.Reject);
}
