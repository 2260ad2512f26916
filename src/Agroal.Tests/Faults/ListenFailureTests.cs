using System.Net;
using System.Net.Sockets;
using Agroal.Tests.Integration.Executable;
using Agroal.Tests.Integration.Fixtures;

namespace Agroal.Tests.Faults;

/// <summary>
/// The real <c>agroal</c> given an address it cannot listen on: another process holds the port, or the host is not
/// this machine's. It stops with exit status 1 and one line that names the address and the reason, as pgagroal does,
/// with both socket engines; before, both cases ended in an unhandled exception, a stack trace and SIGABRT.
/// </summary>
public sealed class ListenFailureTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("epoll")]
    [InlineData("dotnet")]
    public async Task A_port_another_process_listens_on_stops_startup_with_the_address_and_the_reason(string engine)
    {
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        taken.Listen();
        var port = ((IPEndPoint)taken.LocalEndPoint!).Port;

        var output = await RunUntilExitAsync("127.0.0.1", port, engine);

        Assert.Contains("cannot listen: Failed to bind to address", output, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{port}", output, StringComparison.Ordinal);
        Assert.Contains("address already in use", output, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("epoll")]
    [InlineData("dotnet")]
    public async Task A_host_address_this_machine_does_not_have_stops_startup_with_the_address_and_the_reason(string engine)
    {
        // TEST-NET-1 (RFC 5737): never assigned to a real interface.
        var port = FreePort.Get();

        var output = await RunUntilExitAsync("192.0.2.1", port, engine);

        Assert.Contains($"cannot listen: Failed to bind to address 192.0.2.1:{port}", output, StringComparison.Ordinal);
        Assert.Contains("Cannot assign requested address", output, StringComparison.Ordinal);
    }

    private static async Task<string> RunUntilExitAsync(string host, int port, string engine)
    {
        using var directory = TempDirectory.Create("/tmp/agroal-listen");
        var config = directory.Combine("pgagroal.conf");
        // No users file and no prefill: nothing reaches the [primary] before the listener fails.
        File.WriteAllText(config, $"[pgagroal]\nhost = {host}\nport = {port}\nunix_socket_dir = {directory.Path}\nlog_type = console\n" +
            $"ev_backend = {engine}\n\n[primary]\nhost = 127.0.0.1\nport = {FreePort.Get()}\n");
        File.WriteAllText(directory.Combine("hba.conf"), "host all all all trust\n");
        await using var agroal = AgroalProcessRunner.Start(["--allow-root", "-c", config, "-a", directory.Combine("hba.conf")]);

        var exit = await agroal.WaitForExitAsync(ExitTimeout);

        Assert.True(exit == 1, $"agroal exited with {exit}:\n{agroal.Output}");
        Assert.DoesNotContain("Unhandled exception", agroal.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", agroal.Output, StringComparison.Ordinal);
        return agroal.Output;
    }
}
