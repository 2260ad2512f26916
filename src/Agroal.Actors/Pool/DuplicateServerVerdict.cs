namespace Agroal.Actors.Pool;

/// <summary>The tie-break's answer for one duplicate pair: which server stays in use, which is marked invalid, and by which rule.</summary>
public sealed record DuplicateServerVerdict(DuplicateServerPair Pair, ServerEndpoint Kept, ServerEndpoint Invalidated, DuplicateServerRule Rule)
{
    /// <summary>The rule as the log's rule= field spells it.</summary>
    public string RuleName => Rule switch
    {
        DuplicateServerRule.AlreadyInvalid => "already_invalid",
        DuplicateServerRule.ActiveConnections => "active_connections",
        DuplicateServerRule.Primary => "primary",
        _ => "configuration_order",
    };
}
