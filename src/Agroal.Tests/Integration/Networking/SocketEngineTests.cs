using System.Security.Cryptography;
using Agroal.Actors.Clients;
using Agroal.Actors.Configuration;
using Agroal.Actors.Hosting;
using Agroal.Actors.Security.Credentials;
using Agroal.Tests.Integration.Fixtures;
using Agroal.Tests.Integration.Pooling;
using Npgsql;

namespace Agroal.Tests.Integration.Networking;

/// <summary>
/// ev_backend: both socket engines carry a real PostgreSQL session, large results and a large COPY intact, in the
/// transaction and the session pipeline; the key picks the engine.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SocketEngineTests(PostgresFixture fixture)
{
    [Theory]
    [InlineData("epoll")]
    [InlineData("dotnet")]
    public async Task A_listener_on_every_interface_serves_ipv4_and_ipv6_clients(string engine)
    {
        // host = * (pgagroal's default): the IPv6 any-address taking IPv4 clients too, or IPv4's without IPv6.
        await using var pooler = await PoolerHarness.StartAsync(fixture.Server, PipelineKind.Transaction, s => s with { UseEpollEngine = engine == "epoll", Host = "*" });
        await using (var overIpv4 = await pooler.OpenAsync())
        {
            Assert.Equal(1, await ScalarAsync(overIpv4));
        }
        if (!Ipv6LoopbackWorks())
        {
            return;
        }
        var builder = new NpgsqlConnectionStringBuilder(pooler.ConnectionString()) { Host = "::1" };
        await using var overIpv6 = new NpgsqlConnection(builder.ConnectionString);
        await overIpv6.OpenAsync();
        Assert.Equal(1, await ScalarAsync(overIpv6));
    }

    private static async Task<int> ScalarAsync(NpgsqlConnection connection)
    {
        await using var query = new NpgsqlCommand("SELECT 1", connection);
        return (int)(await query.ExecuteScalarAsync())!;
    }

    private static bool Ipv6LoopbackWorks()
    {
        try
        {
            using var probe = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetworkV6, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
            probe.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.IPv6Loopback, 0));
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    [Theory]
    [InlineData("epoll", PipelineKind.Transaction)]
    [InlineData("epoll", PipelineKind.Session)]
    [InlineData("dotnet", PipelineKind.Transaction)]
    public async Task Large_results_and_a_large_copy_cross_the_engine_intact(string engine, PipelineKind pipeline)
    {
        await using var pooler = await PoolerHarness.StartAsync(fixture.Server, pipeline, s => s with { UseEpollEngine = engine == "epoll" });
        Assert.Equal(engine, pooler.Server.SocketEngine);
        await using var connection = await pooler.OpenAsync();

        // About 12 MB from the server: far past the pipes' thresholds and the sockets' buffers.
        await using (var query = new NpgsqlCommand("SELECT md5(string_agg(repeat(md5(i::text), 8), '' ORDER BY i)), sum(length(repeat(md5(i::text), 8))) FROM generate_series(1, 50000) i", connection))
        await using (var reader = await query.ExecuteReaderAsync())
        {
            Assert.True(await reader.ReadAsync());
            Assert.Equal(50000L * 256, reader.GetInt64(1));
        }
        var rows = 0;
        await using (var query = new NpgsqlCommand("SELECT i, repeat(md5(i::text), 8) FROM generate_series(1, 50000) i", connection))
        await using (var reader = await query.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows++;
                Assert.Equal(string.Concat(Enumerable.Repeat(Md5Hex(reader.GetInt32(0).ToString(System.Globalization.CultureInfo.InvariantCulture)), 8)), reader.GetString(1));
            }
        }
        Assert.Equal(50000, rows);

        // And about 16 MB towards the server in one COPY.
        var table = $"engine_copy_{engine}_{Guid.NewGuid():N}";
        await using (var create = new NpgsqlCommand($"CREATE TABLE {table} (id int, body text)", connection))
        {
            await create.ExecuteNonQueryAsync();
        }
        try
        {
            var body = Convert.ToHexString(RandomNumberGenerator.GetBytes(4096));
            await using (var writer = await connection.BeginTextImportAsync($"COPY {table} FROM STDIN"))
            {
                for (var i = 0; i < 2000; i++)
                {
                    await writer.WriteLineAsync($"{i}\t{body}");
                }
            }
            await using var check = new NpgsqlCommand($"SELECT count(*), sum(length(body)), bool_and(body = '{body}') FROM {table}", connection);
            await using var result = await check.ExecuteReaderAsync();
            Assert.True(await result.ReadAsync());
            Assert.Equal(2000L, result.GetInt64(0));
            Assert.Equal(2000L * 8192, result.GetInt64(1));
            Assert.True(result.GetBoolean(2));
        }
        finally
        {
            await using var drop = new NpgsqlCommand($"DROP TABLE IF EXISTS {table}", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }

    [Theory]
    [InlineData(EventBackend.Dotnet, false)]
    [InlineData(EventBackend.Epoll, true)]
    [InlineData(EventBackend.Auto, true)]
    public void Ev_backend_picks_the_socket_engine(EventBackend backend, bool epoll)
    {
        var main = new MainSettings { Host = "127.0.0.1", Port = 2345, UnixSocketDir = "/tmp", EvBackend = backend };
        var configuration = new AgroalConfiguration(main, [new ServerSettings { Name = "a", Host = "127.0.0.1", Port = 5432, Primary = true }],
            HbaTable.Empty, new LimitTable([]), new ConfigurationPaths("/x/pgagroal.conf", "/x/pgagroal_hba.conf"), []);
        var settings = ServerSettingsMapper.ToServerSettings(configuration, new CredentialStore(new Dictionary<string, string>(), new Dictionary<string, string>()));
        Assert.Equal(epoll, settings.UseEpollEngine);
    }

    private static string Md5Hex(string text) => Convert.ToHexStringLower(MD5.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
}
