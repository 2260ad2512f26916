using System.Globalization;

namespace Agroal.Tests.Integration.Executable;

/// <summary>
/// The transaction pipeline's lines, after the prefill's PREFILL (15) and PREFILL_RETURN (16): the client's socket (100), the login lease (2) and its socket (101)
/// go back as TX_RETURN_CONNECTION_START (30), then each
/// transaction writes TX_GET_CONNECTION (32, a client line) and TX_RETURN_CONNECTION (33, a slot line with tx_mode 1).
/// </summary>
public sealed partial class TrackerTests
{
    [Fact]
    public async Task The_transaction_pipeline_writes_a_get_and_a_return_line_per_transaction()
    {
        await using var agroal = await VaultedAgroal.StartAsync(fixture.Server, TrackedLogging + "tracker = on\n",
            limitsLines: $"{fixture.Server.Database} {fixture.Server.User} 2 1 1\n", mainPipeline: "transaction");
        // The transaction pipeline needs a prefilled rule: its backend is opened (15) and put in the pool (16) first.
        await Agroal.Tests.Integration.Pooling.Eventually.TrueAsync(() => Task.FromResult(Lines(agroal.Process.Output).Exists(l => l.Id == 16)), "the prefill return line", 30);
        var prefill = Lines(agroal.Process.Output);
        Assert.Equal([15, 16], prefill.ConvertAll(l => l.Id));
        Assert.Equal(["-1", "-3"], prefill[0].Fields[..2]);
        Assert.Equal([fixture.Server.User, fixture.Server.Database], prefill[0].Fields[4..6]);
        Assert.Equal("0", prefill[1].Fields[1]);
        Assert.Equal([fixture.Server.User, fixture.Server.Database], prefill[1].Fields[4..6]);
        Assert.Equal("1", prefill[1].Fields[7]);
        await RunClientAsync(agroal, "tx-app");
        await Agroal.Tests.Integration.Pooling.Eventually.TrueAsync(() => Task.FromResult(Lines(agroal.Process.Output).Exists(l => l.Id == 1)), "the client stop line", 30);

        var lines = Lines(agroal.Process.Output).Skip(prefill.Count).ToList();
        var order = lines.ConvertAll(l => l.Id);
        Assert.DoesNotContain(5, order);
        Assert.Equal([0, 100, 8, 2, 101, 30], order.Take(6));
        Assert.Equal([102, 1], order.TakeLast(2));
        // Between login and stop: one get and one return per transaction (the SELECT 1 at least). The client may send its next
        // query as soon as it reads ReadyForQuery, so the next get can be written before the previous return: only never
        // more returns than gets so far, and as many of each in the end. The last return is TX_RETURN_CONNECTION_STOP (31)
        // when the client's Terminate arrived before that transaction's backend went back.
        var perTransaction = order.Skip(6).Take(order.Count - 8).ToList();
        Assert.NotEmpty(perTransaction);
        Assert.All(perTransaction[..^1], id => Assert.Contains(id, new[] { 32, 33 }));
        Assert.Contains(perTransaction[^1], new[] { 33, 31 });
        var outstanding = 0;
        foreach (var id in perTransaction)
        {
            outstanding += id == 32 ? 1 : -1;
            Assert.InRange(outstanding, 0, 2);
        }
        Assert.Equal(0, outstanding);
        var user = fixture.Server.User;
        var database = fixture.Server.Database;
        var pid = agroal.Process.ProcessId.ToString(CultureInfo.InvariantCulture);
        foreach (var (_, fields) in lines.FindAll(l => l.Id == 32))
        {
            Assert.Equal(16, fields.Length);
            Assert.Equal(["-1", "-3"], fields[..2]);
            Assert.Equal([pid, user, database], fields[3..6]);
        }
        foreach (var (_, fields) in lines.FindAll(l => l.Id is 33 or 31 or 30))
        {
            Assert.Equal(16, fields.Length);
            Assert.Equal("0", fields[1]);
            Assert.Equal([pid, user, database, "tx-app"], fields[3..7]);
            Assert.Equal("1", fields[9]);
        }
    }
}
