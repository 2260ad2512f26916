using System.Net;

namespace Agroal.Actors.Security.Authentication;

/// <summary>Decides, from pgagroal_hba.conf, whether a client may authenticate and how.</summary>
public interface IAccessPolicy
{
    /// <param name="clientAddress">The peer address; null for a Unix-socket client.</param>
    AccessDecision Decide(string database, string user, IPAddress? clientAddress, bool isTls);
}
