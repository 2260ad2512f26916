using Agroal.Actors.Pool.Backend;

namespace Agroal.Actors.Clients.Pipelines;

/// <summary>What the transaction relay asks of its client session: a backend at a transaction's start, and its return.</summary>
public interface ITransactionBackendSource
{
    /// <summary>
    /// Asks the pool for a backend; the answer, once there, goes to <see cref="AttachAsync"/>. Waiting for it is the
    /// caller's: a relay awaits it in its own long-lived loop, so a client that waits for a backend (most of them when
    /// clients outnumber backends) suspends no async method made for that one wait.
    /// </summary>
    ValueTask<object> RequestBackend(CancellationToken cancellationToken);

    /// <summary>
    /// Leases a backend and brings its session in line with the client's; null when the client was refused (and told).
    /// <paramref name="reply"/> is the awaited answer of <see cref="RequestBackend"/>, or null to ask here. With an
    /// answer that hands over a backend already in line, it completes without waiting.
    /// </summary>
    ValueTask<BackendConnection?> AttachAsync(object? reply, CancellationToken cancellationToken);

    /// <summary>
    /// The usual attach, with no async method at all: the answer hands over a live backend already in line with the
    /// client's settings. Otherwise null, and <see cref="AttachAsync"/> finishes: with the same answer when
    /// <paramref name="replyTaken"/> is false (a refusal, an alignment to run), with none when it is true (the backend
    /// was found dead and given back; another is asked for).
    /// </summary>
    BackendConnection? TryAttachAtOnce(object reply, out bool replyTaken);

    /// <summary>
    /// Takes back a backend the relay stopped using at a clean release point (idle, nothing in flight); the relay no
    /// longer reads or writes it.
    /// </summary>
    ValueTask DetachAsync(BackendConnection backend, DetachReason reason, CancellationToken cancellationToken);
}
