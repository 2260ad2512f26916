using Agroal.Actors.Clients.PreparedStatements;

namespace Agroal.Actors.Clients.Pipelines;

/// <summary>One expected reply; <see cref="Statement"/> and <see cref="ClientName"/> are set for the statement kinds.</summary>
public readonly record struct PendingReply(PendingReplyKind Kind, ServerStatement? Statement = null, string? ClientName = null)
{
    public bool IsReady => Kind is PendingReplyKind.Ready or PendingReplyKind.ReadyResettingStatements;
}
