using System.Buffers;
using System.Text;
using Agroal.Actors.Clients.Pipelines;
using Agroal.Actors.Clients.PreparedStatements;
using Agroal.Actors.Protocol;

namespace Agroal.Tests.Clients;

public sealed class PreparedStatementBookkeepingTests
{
    private static ServerStatement Statement(string sql, params int[] types)
    {
        var writer = new ArrayBufferWriter<byte>();
        FrontendMessages.WriteParse(writer, "", sql, types);
        // Skip the header and the empty name: what remains defines the statement.
        return StatementNaming.FromDefinition(writer.WrittenSpan[6..]);
    }

    [Fact]
    public void The_same_text_and_types_get_the_same_pooler_name()
    {
        var first = Statement("SELECT $1", 23);
        var second = Statement("SELECT $1", 23);
        Assert.Equal(first.Name, second.Name);
        Assert.StartsWith(StatementNaming.Prefix, first.Name);
        Assert.Equal(StatementNaming.NameLength, first.Name.Length);
    }

    [Fact]
    public void Different_text_or_parameter_types_get_different_names()
    {
        Assert.NotEqual(Statement("SELECT $1", 23).Name, Statement("SELECT $1", 25).Name);
        Assert.NotEqual(Statement("SELECT 1").Name, Statement("SELECT 2").Name);
    }

    [Fact]
    public void The_replayable_parse_message_carries_the_pooler_name_and_the_original_definition()
    {
        var statement = Statement("SELECT $1", 23);
        var message = statement.ParseMessage;
        Assert.Equal(FrontendTag.Parse, message[0]);
        Assert.Equal(message.Length - 1, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(message.AsSpan(1)));
        var body = message.AsSpan(5);
        Assert.Equal(statement.Name, Encoding.ASCII.GetString(body[..body.IndexOf((byte)0)]));
        Assert.True(statement.NameBytes.SequenceEqual(Encoding.ASCII.GetBytes(statement.Name)));
    }

    [Fact]
    public void Cache_evicts_the_least_recently_used_statement_first()
    {
        var cache = new BackendStatementCache();
        var a = Statement("SELECT 'a'");
        var b = Statement("SELECT 'b'");
        var c = Statement("SELECT 'c'");
        cache.Add(a);
        cache.Add(b);
        cache.Add(c);
        Assert.True(cache.Touch(a));
        Assert.Same(b, cache.RemoveOldest());
        Assert.Same(c, cache.RemoveOldest());
        Assert.Same(a, cache.RemoveOldest());
        Assert.Null(cache.RemoveOldest());
    }

    [Fact]
    public void A_statement_put_back_after_a_failed_eviction_is_the_next_to_go()
    {
        var cache = new BackendStatementCache();
        var a = Statement("SELECT 'a'");
        var b = Statement("SELECT 'b'");
        cache.Add(b);
        cache.AddAsOldest(a);
        Assert.Same(a, cache.RemoveOldest());
        Assert.False(cache.Contains(a));
        Assert.True(cache.Contains(b));
    }

    [Fact]
    public void Client_names_are_per_map_and_found_by_their_wire_bytes()
    {
        var first = new ClientStatementMap();
        var second = new ClientStatementMap();
        var one = Statement("SELECT 1");
        var two = Statement("SELECT 2");
        first.Register("s1"u8, one);
        second.Register("s1"u8, two);
        Assert.True(first.TryGet("s1"u8, out var found));
        Assert.Same(one, found);
        Assert.True(second.TryGet("s1"u8, out found));
        Assert.Same(two, found);
        Assert.False(first.TryGet("s2"u8, out _));
    }

    [Fact]
    public void A_redefined_name_is_not_forgotten_by_the_older_statements_failure()
    {
        var map = new ClientStatementMap();
        var old = Statement("SELECT 1");
        var current = Statement("SELECT 2");
        map.Register("s"u8, old);
        map.Register("s"u8, current);
        map.RemoveIfSame("s", old);
        Assert.True(map.TryGet("s"u8, out var found));
        Assert.Same(current, found);
        map.RemoveIfSame("s", current);
        Assert.False(map.TryGet("s"u8, out _));
    }

    [Fact]
    public void Pending_replies_come_out_in_order_and_count_the_ready_ones()
    {
        var queue = new PendingReplyQueue();
        for (var round = 0; round < 20; round++)
        {
            queue.Enqueue(new PendingReply(PendingReplyKind.Parse));
            queue.Enqueue(new PendingReply(PendingReplyKind.Ready));
        }
        Assert.Equal(40, queue.Count);
        Assert.Equal(20, queue.ReadyCount);
        for (var round = 0; round < 20; round++)
        {
            Assert.True(queue.TryDequeue(out var parse));
            Assert.Equal(PendingReplyKind.Parse, parse.Kind);
            Assert.True(queue.TryPeek(out var ready));
            Assert.True(ready.IsReady);
            queue.TryDequeue(out _);
        }
        Assert.Equal(0, queue.ReadyCount);
        Assert.False(queue.TryDequeue(out _));
    }
}
