using Agroal.Actors.Configuration;

namespace Agroal.Actors.Security.Hba;

/// <summary>
/// The outcome of HBA matching: the entry that matched (and so the method to use), or no entry.
/// A matched <c>reject</c> entry is <see cref="IsReject"/>.
/// </summary>
public readonly record struct HbaDecision(HbaEntry? Entry)
{
    public static HbaDecision NoEntry => default;

    /// <summary>No line matched: FATAL 28000 <c>no pgagroal_hba.conf entry for host …</c>.</summary>
    public bool IsNoEntry => Entry is null;

    /// <summary>The matching line says <c>reject</c>: "connection refused".</summary>
    public bool IsReject => Entry?.Method == HbaMethod.Reject;

    /// <summary>The client may authenticate with <see cref="Method"/>.</summary>
    public bool IsAllowed => Entry is not null && Entry.Method != HbaMethod.Reject;

    /// <summary>The matched line's method; meaningless when <see cref="IsNoEntry"/>.</summary>
    public HbaMethod Method => Entry?.Method ?? HbaMethod.Reject;
}
