namespace Agroal.Actors.Pool;

/// <summary>
/// startup_validation = on at a reload: of two sections found to be one PostgreSQL, the tie-break keeps one and the
/// other is marked invalid (pgagroal's <c>valid = false</c>): it is not dialled, probed, failed over to or switched to,
/// and its backends are flushed gracefully (in-use ones close when their client returns them). Every reload judges
/// again from its own findings, so a section that no longer duplicates another is valid again.
/// </summary>
public sealed partial class PoolManagerActor
{
    private void ApplyDuplicateFindings(DuplicateServerFindings? findings)
    {
        findings ??= DuplicateServerFindings.None;
        var candidates = new Dictionary<string, DuplicateServerCandidate>(_servers.Count, StringComparer.Ordinal);
        foreach (var server in _servers)
        {
            candidates[server.Endpoint.Name] = new DuplicateServerCandidate(server.Index, HasActiveConnections(server.Index),
                server.State is ServerState.Primary or ServerState.NotInitPrimary, server.Invalid);
        }
        var verdicts = DuplicateServerTieBreak.Resolve(findings.Pairs, candidates);
        var invalidNow = new Dictionary<string, DuplicateServerVerdict>(verdicts.Count, StringComparer.Ordinal);
        foreach (var verdict in verdicts)
        {
            invalidNow[verdict.Invalidated.Name] = verdict;
        }
        foreach (var server in _servers)
        {
            var name = server.Endpoint.Name;
            if (invalidNow.TryGetValue(name, out var verdict))
            {
                PoolLog.DuplicateServerInvalidated(_logger, verdict.Kept.ToString(), verdict.Invalidated.ToString(), verdict.RuleName,
                    verdict.Pair.SystemIdentifier);
                var newly = !server.Invalid;
                server.DuplicateOf = verdict.Kept.Name;
                if (newly)
                {
                    FlushServer(server.Index);
                }
            }
            // Valid again only when both it and the server it duplicated were read and no longer match.
            else if (server.Invalid && !ContainsName(findings.Unread, name) && !ContainsName(findings.Unread, server.DuplicateOf!))
            {
                server.DuplicateOf = null;
                PoolLog.DuplicateServerValidAgain(_logger, server.Endpoint.ToString());
            }
        }
    }

    /// <summary>pgagroal's has_active_connections: a backend on the server that is neither being opened nor free.</summary>
    private bool HasActiveConnections(int serverIndex)
    {
        foreach (var slot in _slots)
        {
            if (slot.ServerIndex == serverIndex && slot.State is not (SlotState.NotInit or SlotState.Init or SlotState.Free))
            {
                return true;
            }
        }
        return false;
    }

    private bool IsInvalidServer(int serverIndex) => (uint)serverIndex < (uint)_servers.Count && _servers[serverIndex].Invalid;

    private static bool ContainsName(IReadOnlyCollection<string> names, string name)
    {
        foreach (var candidate in names)
        {
            if (string.Equals(candidate, name, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    private static PoolProtocol.Done RefusedAsInvalid(ServerRecord server) =>
        new(false, $"server \"{server.Endpoint.Name}\" is invalid: startup_validation found it the same PostgreSQL as \"{server.DuplicateOf}\"; " +
            "remove or correct its section and reload");
}
