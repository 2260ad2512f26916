namespace Agroal.Actors.Cluster;

/// <summary>How long the start-up majority read may take, and how often an unanswered report is sent again.</summary>
public sealed record PrimaryViewFollowerSettings(TimeSpan ReadTimeout, TimeSpan ReportRetry)
{
    /// <summary>The configured server names: switch-to and clear server name one of them (empty: not checked).</summary>
    public IReadOnlyList<string> Servers { get; init; } = [];

    /// <summary>How long a switch-to waits for the coordinator's answer (a running failover goes first).</summary>
    public TimeSpan SwitchTimeout { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>How long a clear server waits for a majority's view before it clears on this node's own copy.</summary>
    public TimeSpan ClearReadTimeout { get; init; } = TimeSpan.FromSeconds(3);

    public static PrimaryViewFollowerSettings Default { get; } = new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(3));
}
