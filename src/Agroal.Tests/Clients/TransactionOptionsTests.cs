using Agroal.Actors.Clients;
using Agroal.Actors.Hosting;
using Agroal.Tests.Configuration;

namespace Agroal.Tests.Clients;

public sealed class TransactionOptionsTests
{
    private const string Transaction = "pipeline = transaction\nallow_unknown_users = off\nblocking_timeout = 0\n";

    private static ClientSessionOptions Map(string extraKeys)
    {
        using var config = TempConfig.WithMainKeys(Transaction + extraKeys);
        config.Limits("db u 10 1 1\n");
        config.Users("u");
        return ServerSettingsMapper.ToClientOptions(config.LoadValid());
    }

    [Fact]
    public void Prepared_statement_keys_reach_the_client_sessions()
    {
        var options = Map("max_prepared_statements = 50\ntrack_prepared_statements = on\nserver_reset_query_always = on\n");
        Assert.Equal(PipelineKind.Transaction, options.Pipeline);
        Assert.Equal(50, options.MaxPreparedStatements);
        Assert.True(options.TrackPreparedStatements);
        Assert.True(options.ServerResetQueryAlways);
    }

    [Fact]
    public void Max_prepared_statements_defaults_to_two_hundred_and_zero_turns_it_off()
    {
        Assert.Equal(200, Map("").MaxPreparedStatements);
        Assert.Equal(0, Map("max_prepared_statements = 0\n").MaxPreparedStatements);
        Assert.False(Map("").TrackPreparedStatements);
    }
}
