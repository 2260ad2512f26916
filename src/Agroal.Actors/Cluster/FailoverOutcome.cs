namespace Agroal.Actors.Cluster;

/// <summary>
/// What the coordinator decided about a <see cref="PrimaryFailureReport"/>; sent to every node that reported it. The
/// view (<see cref="PrimaryServer"/>, <see cref="Epoch"/>) is the one in Distributed Data after the decision.
/// </summary>
public sealed record FailoverOutcome(FailoverVerdict Verdict, string PrimaryServer, long Epoch, string Detail);
