using System.Net;
using Agroal.Actors.Security.Authentication;

namespace Agroal.Tests.Integration.Pooling;

/// <summary>Every client may try, with one method: the HBA table itself is tested on its own.</summary>
public sealed class StaticAccessPolicy(AuthMethod method) : IAccessPolicy
{
    public AccessDecision Decide(string database, string user, IPAddress? clientAddress, bool isTls) =>
        method == AuthMethod.Reject ? AccessDecision.Rejected : AccessDecision.Allow(method);
}
