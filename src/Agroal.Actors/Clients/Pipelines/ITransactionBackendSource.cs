using Agroal.Actors.Pool.Backend;

namespace Agroal.Actors.Clients.Pipelines;

/// <summary>What the transaction relay asks of its client session: a backend at a transaction's start, and its return.</summary>
public interface ITransactionBackendSource
{
    /// <summary>Leases a backend and brings its session in line with the client's; null when the client was refused (and told).</summary>
    ValueTask<BackendConnection?> AttachAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Takes back a backend the relay stopped using at a clean release point (idle, nothing in flight); the relay no
    /// longer reads or writes it.
    /// </summary>
    ValueTask DetachAsync(BackendConnection backend, DetachReason reason, CancellationToken cancellationToken);
}
