using System.Net;
using Agroal.Actors.Configuration;
using Agroal.Actors.Security.Authentication;

namespace Agroal.Benchmarks.Pooler;

/// <summary>An HBA table of one line, "host all all all scram-sha-256" (what pool-bench's adapter writes).</summary>
internal sealed class AllowAllPolicy(HbaMethod method) : IAccessPolicy
{
    public AccessDecision Decide(string database, string user, IPAddress? clientAddress, bool isTls) => AccessDecision.Allow(method);
}
