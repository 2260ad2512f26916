namespace Agroal.Actors.Clients.Pipelines;

/// <summary>What the relay knows about a backend it hands back between transactions.</summary>
public readonly record struct DetachReason(bool NamedParseSeen, bool StatementsUnknown);
