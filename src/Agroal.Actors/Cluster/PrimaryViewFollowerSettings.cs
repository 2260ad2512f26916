namespace Agroal.Actors.Cluster;

/// <summary>How long the start-up majority read may take, and how often an unanswered report is sent again.</summary>
public sealed record PrimaryViewFollowerSettings(TimeSpan ReadTimeout, TimeSpan ReportRetry)
{
    public static PrimaryViewFollowerSettings Default { get; } = new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(3));
}
