using Agroal.Actors.Configuration;

namespace Agroal.Actors.Security.Authentication;

/// <summary>What the HBA table says about one client: whether it may try, and with which method.</summary>
public readonly record struct AccessDecision(AccessOutcome Outcome, HbaMethod Method)
{
    public static AccessDecision Allow(HbaMethod method) => new(AccessOutcome.Allowed, method);

    public static readonly AccessDecision NoEntry = new(AccessOutcome.NoEntry, HbaMethod.Reject);

    public static readonly AccessDecision Rejected = new(AccessOutcome.Rejected, HbaMethod.Reject);

    public static readonly AccessDecision TlsRequired = new(AccessOutcome.TlsRequired, HbaMethod.Reject);
}
