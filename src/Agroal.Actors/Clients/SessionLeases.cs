using Agroal.Actors.Pool;

namespace Agroal.Actors.Clients;

/// <summary>
/// A session's way to the pool. A backend leased during authentication (pass-through logs in on the very backend the
/// client will use) is held here and handed out by the next acquire instead of asking the pool again.
/// </summary>
internal sealed class SessionLeases(LeaseAwaiter awaiter)
{
    private PoolProtocol.Leased? _held;

    /// <summary>The session's reusable waiter: its reply address and its place in a lane's queue.</summary>
    public LeaseAwaiter Awaiter => awaiter;

    public void Hold(PoolProtocol.Leased leased) => _held = leased;

    /// <summary>True when the next acquire hands out the backend authentication just logged in on.</summary>
    public bool IsHolding => _held is not null;

    /// <summary>Who holds a backend leased by this session, as status shows it (by its <c>ToString</c>): the same name
    /// whether the lease came from the session's lane or from the pool manager.</summary>
    public object Holder => awaiter;

    public ValueTask<object> AcquireAsync(PoolKey key, string applicationName, CancellationToken cancellationToken)
    {
        if (_held is { } held)
        {
            _held = null;
            return ValueTask.FromResult<object>(held);
        }
        return awaiter.AcquireAsync(key, applicationName, cancellationToken);
    }
}
