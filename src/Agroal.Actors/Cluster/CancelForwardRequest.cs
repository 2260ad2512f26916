namespace Agroal.Actors.Cluster;

/// <summary>
/// A client's CancelRequest that arrived at a node other than the one that issued the key, on its way to that node.
/// Crosses nodes (Akka's default serializer): the pooler-issued key only, never the backend's.
/// </summary>
public sealed record CancelForwardRequest(int ProcessId, int SecretKey);
