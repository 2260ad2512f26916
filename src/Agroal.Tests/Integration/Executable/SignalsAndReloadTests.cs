using Agroal.Tests.Integration.Fixtures;
using Agroal.Tests.Integration.Pooling;

namespace Agroal.Tests.Integration.Executable;

/// <summary>SIGHUP applies the live keys and warns as start-up does; SIGUSR1 and SIGABRT do what pgagroal's do.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SignalsAndReloadTests(PostgresFixture fixture)
{
    [Fact]
    public async Task Reload_warns_about_an_unknown_key_with_the_words_start_up_uses()
    {
        await using var agroal = await VaultedAgroal.StartAsync(fixture.Server, "");
        agroal.WriteConfig("no_such_key = 1");
        agroal.Process.Signal("HUP");
        // Line 8 of the rewritten file; start-up reports such a line as "configuration: <file>:<line>: unknown key ...".
        await agroal.Process.WaitForOutputAsync($"configuration: {agroal.ConfigFile}:8: unknown key \"no_such_key\" in section [pgagroal]", TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Disconnect_client_set_by_a_reload_ends_an_idle_client()
    {
        await using var agroal = await VaultedAgroal.StartAsync(fixture.Server, "");
        await using var idle = await agroal.OpenAsync();
        agroal.WriteConfig("disconnect_client = 1");
        agroal.Process.Signal("HUP");
        await agroal.Process.WaitForOutputAsync("reload:", TimeSpan.FromSeconds(30));
        // WaitAsync reads the socket: it returns false on timeout and throws when the pooler closed the client.
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (DateTime.UtcNow < deadline)
            {
                await idle.WaitAsync(TimeSpan.FromSeconds(5));
            }
        });
    }

    [Fact]
    public async Task SIGUSR1_reopens_a_log_file_moved_away()
    {
        await using var agroal = await VaultedAgroal.StartAsync(fixture.Server, "log_type = file\nlog_path = {dir}/agroal.log", logFile: "agroal.log");
        var log = agroal.Combine("agroal.log");
        File.Move(log, log + ".1");
        agroal.Process.Signal("USR1");
        await Eventually.TrueAsync(() => Task.FromResult(File.Exists(log) && new FileInfo(log).Length > 0), "log file created again after SIGUSR1", 30);
    }

    [Fact]
    public async Task SIGABRT_removes_the_pid_file_and_aborts()
    {
        await using var agroal = await VaultedAgroal.StartAsync(fixture.Server, "");
        Assert.True(File.Exists(agroal.PidFile));
        agroal.Process.Signal("ABRT");
        var exitCode = await agroal.Process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.NotEqual(0, exitCode);
        Assert.False(File.Exists(agroal.PidFile));
        Assert.Contains("pool: max_connections=4", agroal.Process.Output);
    }
}
