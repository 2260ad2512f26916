using Agroal.Actors.Configuration;
using System.Net;
using Agroal.Actors.Security.Authentication;

namespace Agroal.Tests.Integration.Pooling;

/// <summary>Every client may try, with one method: the HBA table itself is tested on its own.</summary>
public sealed class StaticAccessPolicy(HbaMethod method) : IAccessPolicy
{
    public AccessDecision Decide(string database, string user, IPAddress? clientAddress, bool isTls) =>
        method == HbaMethod.Reject ? AccessDecision.Rejected : AccessDecision.Allow(method);
}
