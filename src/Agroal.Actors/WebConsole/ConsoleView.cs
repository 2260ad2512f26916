using Agroal.Actors.Configuration;
using Agroal.Actors.Pool;

namespace Agroal.Actors.WebConsole;

/// <summary>What one console page shows: the pool's state, its servers, limits and connections at one moment.</summary>
internal sealed record ConsoleView
{
    public required bool GracefulShutdown { get; init; }

    public required string Pipeline { get; init; }

    public required int MaxConnections { get; init; }

    /// <summary>Null when the pool did not answer in time.</summary>
    public PoolProtocol.Status? Status { get; init; }

    public PoolProtocol.Servers? Servers { get; init; }

    public LimitTable Limits { get; init; } = LimitTable.Empty;

    public int ActiveClients { get; init; }

    public int AuthenticatingClients { get; init; }

    public required DateTimeOffset Taken { get; init; }

    public required int RefreshSeconds { get; init; }
}
