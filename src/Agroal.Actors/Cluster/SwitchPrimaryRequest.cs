namespace Agroal.Actors.Cluster;

/// <summary><c>switch-to</c> on any node: the coordinator writes <paramref name="Server"/> as the primary with the next epoch; the answer is a <see cref="FailoverOutcome"/>.</summary>
public sealed record SwitchPrimaryRequest(string Server, string Reporter);
