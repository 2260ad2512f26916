namespace Agroal.Actors.Security.Authentication;

public enum AccessOutcome
{
    Allowed,
    NoEntry,
    Rejected,
    TlsRequired,
}
