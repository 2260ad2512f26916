using Agroal.Actors.Cluster;
using Prometheus;

namespace Agroal.Actors.Metrics;

/// <summary>agroal_cluster_*: the membership as this node sees it (series in cluster mode only).</summary>
public sealed partial class MetricsCollector
{
    /// <summary>Akka's member statuses, each always exposed (0 when none) so that dashboards see a drop to zero.</summary>
    private static readonly string[] MemberStatuses = ["Joining", "WeaklyUp", "Up", "Leaving", "Exiting", "Down", "Removed"];

    /// <summary>The status label of each entry of <see cref="MemberStatuses"/>, in Prometheus' lower case.</summary>
    private static readonly string[] MemberStatusLabels = ["joining", "weaklyup", "up", "leaving", "exiting", "down", "removed"];

    private Gauge _clusterMembers = null!;
    private Gauge _clusterUnreachable = null!;
    private Gauge _clusterSelfUp = null!;
    private Gauge _clusterNodeId = null!;
    private Gauge _clusterCancelRoutes = null!;
    private Counter _clusterCancelsForwarded = null!;
    private Gauge _clusterBudgetShare = null!;
    private Counter _clusterFailoverRuns = null!;

    /// <summary>Created in standalone mode too (members without series, the others 0) so that the families are always described.</summary>
    private void CreateClusterFamilies(IMetricFactory factory)
    {
        _clusterMembers = MetricCatalog.ClusterMembers.CreateGauge(factory);
        _clusterUnreachable = MetricCatalog.ClusterUnreachableMembers.CreateGauge(factory);
        _clusterSelfUp = MetricCatalog.ClusterSelfUp.CreateGauge(factory);
        _clusterNodeId = MetricCatalog.ClusterNodeId.CreateGauge(factory);
        _clusterCancelRoutes = MetricCatalog.ClusterCancelRoutes.CreateGauge(factory);
        _clusterCancelsForwarded = MetricCatalog.ClusterCancelsForwarded.CreateCounter(factory);
        _clusterBudgetShare = MetricCatalog.ClusterBudgetShare.CreateGauge(factory);
        _clusterFailoverRuns = MetricCatalog.ClusterFailoverRuns.CreateCounter(factory);
    }

    private void UpdateCluster()
    {
        if (_sources.Cluster is not { } membership)
        {
            return;
        }
        var view = membership.View;
        for (var i = 0; i < MemberStatuses.Length; i++)
        {
            _clusterMembers.WithLabels(MemberStatusLabels[i]).Set(view.CountByStatus(MemberStatuses[i]));
        }
        _clusterUnreachable.Set(view.UnreachableCount);
        _clusterSelfUp.Set(!membership.OutOfCluster && view.SelfStatus == "Up" ? 1 : 0);
        _clusterNodeId.Set(membership.NodeId);
        _clusterCancelRoutes.Set(membership.CancelRoutes);
        _clusterCancelsForwarded.IncTo(membership.ForwardedCancels);
        _clusterBudgetShare.Set(membership.BudgetShare);
        var runs = membership.FailoverRuns;
        _clusterFailoverRuns.WithLabels(FailoverRunCounts.SuccessLabel).IncTo(runs.Success);
        _clusterFailoverRuns.WithLabels(FailoverRunCounts.FailureLabel).IncTo(runs.Failure);
        _clusterFailoverRuns.WithLabels(FailoverRunCounts.TimeoutLabel).IncTo(runs.Timeout);
        _clusterFailoverRuns.WithLabels(FailoverRunCounts.AlreadyPromotedLabel).IncTo(runs.AlreadyPromoted);
    }
}
