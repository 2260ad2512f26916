using System.Globalization;
using Agroal.Actors.Management.Client;
using Agroal.Tests.Integration.Pooling;

namespace Agroal.Tests.Integration.Executable;

/// <summary>
/// The pool's own tracker lines through the real process: flush (13), idle timeout (10), max connection age (11), each
/// followed by the kill (7) of the same slot, with pgagroal's state numbers; a flush leaves none while the key is off.
/// </summary>
public sealed partial class TrackerTests
{
    private const string TrackedLogging = "log_type = console\nlog_level = info\n";

    private static int Occurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }

    private static async Task ReloadAsync(VaultedAgroal agroal, string mainLines)
    {
        // The line written once everything is applied: a reload's warnings ("reload: ...") come before it.
        const string applied = "reload: applied";
        var before = Occurrences(agroal.Process.Output, applied);
        agroal.WriteConfig(mainLines);
        agroal.Process.Signal("HUP");
        await Eventually.TrueAsync(() => Task.FromResult(Occurrences(agroal.Process.Output, applied) > before), "the reload", 30);
    }

    private static async Task FlushIdleAsync(VaultedAgroal agroal)
    {
        var reply = await ManagementClient.SendAsync(ManagementTarget.Local(agroal.ManagementSocket), ManagementRequests.Flush(0, "*"), TimeSpan.FromSeconds(15));
        Assert.True(reply.Received, reply.Error);
    }

    /// <summary>The first line of <paramref name="eventId"/> after <paramref name="skip"/> lines, and the kill line of its slot that follows it.</summary>
    private static async Task<(string[] Event, string[] Kill)> AwaitSlotEventAsync(VaultedAgroal agroal, int eventId, int skip)
    {
        await Eventually.TrueAsync(() => Task.FromResult(Lines(agroal.Process.Output).Skip(skip).Any(l => l.Id == eventId)
            && Lines(agroal.Process.Output).Skip(skip).SkipWhile(l => l.Id != eventId).Any(l => l.Id == 7)), $"tracker line {eventId} and its kill", 60);
        var after = Lines(agroal.Process.Output).Skip(skip).SkipWhile(l => l.Id != eventId).ToList();
        var kill = after.First(l => l.Id == 7);
        return (after[0].Fields, kill.Fields);
    }

    private void AssertSlotLine(VaultedAgroal agroal, string[] fields, string state)
    {
        // slot|state|ms|pid|user|database|appname|new|server|tx_mode|has_security|limit_rule|fd|active|count| after the id.
        Assert.Equal(16, fields.Length);
        Assert.True(int.Parse(fields[0], CultureInfo.InvariantCulture) >= 0);
        Assert.Equal(state, fields[1]);
        Assert.True(long.Parse(fields[2], CultureInfo.InvariantCulture) > 1_700_000_000_000);
        Assert.Equal([agroal.Process.ProcessId.ToString(CultureInfo.InvariantCulture), fixture.Server.User, fixture.Server.Database], fields[3..6]);
        Assert.Equal("0", fields[9]);
        Assert.Equal("", fields[15]);
    }

    [Fact]
    public async Task Flush_idle_timeout_and_max_connection_age_write_the_pools_lines_and_a_flush_writes_none_when_off()
    {
        await using var agroal = await VaultedAgroal.StartAsync(fixture.Server, TrackedLogging + "tracker = on\n");

        await RunClientAsync(agroal, "flushed-app");
        var skip = Lines(agroal.Process.Output).Count;
        await FlushIdleAsync(agroal);
        var (flush, flushKill) = await AwaitSlotEventAsync(agroal, 13, skip);
        AssertSlotLine(agroal, flush, state: "3");
        Assert.Equal("flushed-app", flush[6]);
        Assert.Equal(flush[0], flushKill[0]);
        AssertSlotLine(agroal, flushKill, state: "3");

        await ReloadAsync(agroal, TrackedLogging + "tracker = on\nidle_timeout = 1\n");
        skip = Lines(agroal.Process.Output).Count;
        await RunClientAsync(agroal, "idle-app");
        var (idle, idleKill) = await AwaitSlotEventAsync(agroal, 10, skip);
        AssertSlotLine(agroal, idle, state: "4");
        Assert.Equal("idle-app", idle[6]);
        Assert.Equal(idle[0], idleKill[0]);

        await ReloadAsync(agroal, TrackedLogging + "tracker = on\nmax_connection_age = 1\n");
        skip = Lines(agroal.Process.Output).Count;
        await RunClientAsync(agroal, "aged-app");
        var (aged, agedKill) = await AwaitSlotEventAsync(agroal, 11, skip);
        Assert.Equal("aged-app", aged[6]);
        Assert.Equal(aged[0], agedKill[0]);
        Assert.Equal(16, aged.Length);

        await ReloadAsync(agroal, TrackedLogging + "tracker = off\n");
        skip = Lines(agroal.Process.Output).Count;
        var flushesBefore = Occurrences(agroal.Process.Output, "flush: backends closed or marked mode=Idle database=*");
        await RunClientAsync(agroal, "untracked-app");
        await FlushIdleAsync(agroal);
        await Eventually.TrueAsync(() => Task.FromResult(Occurrences(agroal.Process.Output, "flush: backends closed or marked mode=Idle database=*") > flushesBefore), "the untracked flush", 30);
        Assert.Empty(Lines(agroal.Process.Output).Skip(skip));
    }
}
