using Agroal.Actors.Clients.Pipelines;
using Agroal.Actors.Pool;
using Agroal.Actors.Pool.Backend;
using Microsoft.AspNetCore.Connections;

namespace Agroal.Tests.Clients;

public sealed class TransactionSettingsAlignmentTests
{
    private static readonly PoolKey Key = new("alice", "db", "");

    [Fact]
    public void A_backend_this_client_aligned_last_needs_no_alignment_until_something_changes()
    {
        var backend = NewBackend();
        var alice = new TransactionSettings([new("application_name", "alice-app")]);

        Assert.NotNull(alice.BuildAlignmentQuery(backend));
        alice.RecordAligned(backend);
        Assert.Null(alice.BuildAlignmentQuery(backend));

        // The client's own SET inside its transaction: the backend follows, still in step.
        alice.RecordReported(backend, "TimeZone", "UTC");
        Assert.Null(alice.BuildAlignmentQuery(backend));
    }

    [Fact]
    public void Clients_with_the_same_parameters_share_a_backend_without_alignment()
    {
        var backend = NewBackend();
        var first = new TransactionSettings([new("application_name", "pgbench")]);
        var second = new TransactionSettings([new("application_name", "pgbench")]);
        first.RecordAligned(backend);

        Assert.Null(second.BuildAlignmentQuery(backend));
        second.RecordReported(backend, "application_name", "other");
        Assert.Contains("pgbench", first.BuildAlignmentQuery(backend));
    }

    [Fact]
    public void Another_clients_session_or_a_reset_on_the_backend_makes_the_next_attach_align_again()
    {
        var backend = NewBackend();
        var alice = new TransactionSettings([new("application_name", "alice-app")]);
        var bob = new TransactionSettings([new("application_name", "bob-app")]);
        alice.RecordAligned(backend);

        var forBob = bob.BuildAlignmentQuery(backend);
        Assert.Contains("bob-app", forBob);
        bob.RecordAligned(backend);
        Assert.Contains("alice-app", alice.BuildAlignmentQuery(backend));

        alice.RecordAligned(backend);
        backend.MarkSettingsReset();
        Assert.Contains("alice-app", alice.BuildAlignmentQuery(backend));
    }

    [Fact]
    public void A_change_reported_while_another_client_held_the_backend_is_not_taken_as_aligned()
    {
        var backend = NewBackend();
        var alice = new TransactionSettings([new("application_name", "alice-app")]);
        var bob = new TransactionSettings([]);
        alice.RecordAligned(backend);

        bob.RecordReported(backend, "application_name", "renamed-by-bob");

        Assert.Contains("alice-app", alice.BuildAlignmentQuery(backend));
    }

    private static BackendConnection NewBackend() =>
        new(new DefaultConnectionContext("backend"), new ServerEndpoint("primary", "127.0.0.1", 5432, PrimaryHint: true), Key, 0);
}
