using Agroal.Actors.Configuration;

namespace Agroal.Actors.Management.Configuration;

/// <summary>What a reload or a <c>conf set</c> did: rejected with a reason, or applied with the changes it found.</summary>
public sealed record ConfigurationApplyResult(bool Succeeded, string? Error, IReadOnlyList<ConfigurationChange> Changes)
{
    public bool RestartRequired
    {
        get
        {
            foreach (var change in Changes)
            {
                if (change.Effect == ReloadEffect.RequiresRestart)
                {
                    return true;
                }
            }
            return false;
        }
    }

    public static ConfigurationApplyResult Rejected(string error) => new(false, error, []);

    public static ConfigurationApplyResult Applied(IReadOnlyList<ConfigurationChange> changes) => new(true, null, changes);
}
