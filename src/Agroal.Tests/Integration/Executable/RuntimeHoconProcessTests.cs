using Agroal.Tests.Integration.Fixtures;

namespace Agroal.Tests.Integration.Executable;

/// <summary>The runtime's HOCON as an operator meets it: --print-hocon, --hocon, the hocon_file key, a broken file.</summary>
public sealed class RuntimeHoconProcessTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(30);

    private static string WriteConfig(TempDirectory directory, string extra = "")
    {
        var config = directory.Combine("pgagroal.conf");
        File.WriteAllText(config, $"[pgagroal]\nhost = 127.0.0.1\nport = {FreePort.Get()}\nunix_socket_dir = {directory.Path}\n{extra}\n[primary]\nhost = 127.0.0.1\nport = 5432\n");
        File.WriteAllText(directory.Combine("hba.conf"), "host all all all trust\n");
        return config;
    }

    [Fact]
    public async Task Print_hocon_shows_the_effective_configuration_with_the_user_file_on_top()
    {
        using var directory = TempDirectory.Create("/tmp/agroal-hocon");
        var hocon = directory.Combine("runtime.conf");
        File.WriteAllText(hocon, "akka.scheduler.tick-duration = 25ms\n");
        await using var agroal = AgroalProcessRunner.Start(["--allow-root", "-c", WriteConfig(directory), "-a", directory.Combine("hba.conf"),
            "--hocon", hocon, "--print-hocon"]);

        Assert.Equal(0, await agroal.WaitForExitAsync(ExitTimeout));
        Assert.Matches(@"tick-duration\s*[:=]\s*25ms", agroal.Output);
        Assert.Contains("Agroal.Actors.Runtime.CountingGuardianStrategy", agroal.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broken_hocon_file_key_stops_startup_with_the_files_path()
    {
        using var directory = TempDirectory.Create("/tmp/agroal-hocon");
        var hocon = directory.Combine("broken.conf");
        File.WriteAllText(hocon, "akka.actor.ask-timeout = ${no.such.key}\n");
        await using var agroal = AgroalProcessRunner.Start(["--allow-root", "-c", WriteConfig(directory, $"hocon_file = {hocon}"), "-a", directory.Combine("hba.conf")]);

        Assert.Equal(1, await agroal.WaitForExitAsync(ExitTimeout));
        Assert.Contains($"agroal: {hocon}: invalid HOCON", agroal.Output, StringComparison.Ordinal);
    }
}
