using System.Net;
using Agroal.Actors.Security.Authentication;

namespace Agroal.Actors.Security.Hba;

/// <summary>The access policy of a loaded pgagroal_hba.conf, in pgagroal's order: TLS requirement first, then the first matching line.</summary>
public sealed class HbaAccessPolicy(HbaMatcher matcher) : IAccessPolicy
{
    public AccessDecision Decide(string database, string user, IPAddress? clientAddress, bool isTls)
    {
        if (!isTls && matcher.RequiresTls(database, user))
        {
            return AccessDecision.TlsRequired;
        }
        var decision = matcher.Match(database, user, clientAddress, isTls);
        if (decision.IsNoEntry)
        {
            return AccessDecision.NoEntry;
        }
        return decision.IsReject ? AccessDecision.Rejected : AccessDecision.Allow(decision.Method);
    }
}
