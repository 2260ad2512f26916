using Microsoft.Extensions.Time.Testing;
using Agroal.Actors.Configuration;
using System.Net.Sockets;
using System.Text;
using Agroal.Actors.Logging;
using Agroal.Tests.Integration.Fixtures;
using Microsoft.Extensions.Logging;

namespace Agroal.Tests.Logging;

public sealed class SyslogLoggingTests : IDisposable
{
    private readonly TempDirectory _directory = TempDirectory.Create();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
    private readonly StringWriter _console = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void A_missing_syslog_socket_falls_back_to_the_console_with_one_warning()
    {
        var missing = _directory.Combine("no-such-log");
        using var provider = new AgroalLoggerProvider(
            new LoggingSettings { Type = LogType.Syslog, SyslogSocket = missing, LinePrefix = "" }, _time, _console);
        var logger = provider.CreateLogger("C");
        logger.LogInformation("first");
        logger.LogInformation("second");

        Assert.Equal(
            $"WARN  Logging syslog socket {missing} does not exist; logging to the console\nINFO  C first\nINFO  C second\n",
            _console.ToString());
    }

    [Fact]
    public void Events_are_rfc3164_datagrams_with_user_facility_and_agroal_ident()
    {
        var path = _directory.Combine("log");
        using var server = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        server.Bind(new UnixDomainSocketEndPoint(path));
        server.ReceiveTimeout = 5000;

        using var provider = new AgroalLoggerProvider(
            new LoggingSettings { Type = LogType.Syslog, SyslogSocket = path, Level = LogLevel.Debug }, _time, _console);
        var logger = provider.CreateLogger("Agroal.Actors.Pool.PoolManagerActor");
        logger.LogInformation("pool ready max={Max}", 100);
        logger.LogCritical("no servers");
        logger.LogDebug("détail");

        var pid = Environment.ProcessId;
        Assert.Equal($"<14>Jan  2 03:04:05 agroal[{pid}]: INFO PoolManagerActor pool ready max=100", Receive(server));
        Assert.Equal($"<10>Jan  2 03:04:05 agroal[{pid}]: FATAL PoolManagerActor no servers", Receive(server));
        Assert.Equal($"<15>Jan  2 03:04:05 agroal[{pid}]: DEBUG PoolManagerActor détail", Receive(server));
        Assert.Equal("", _console.ToString());
        Assert.Equal(1, provider.Counters.Fatal);
    }

    [Fact]
    public void Overlong_messages_are_cut_not_dropped()
    {
        var path = _directory.Combine("log");
        using var server = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        server.Bind(new UnixDomainSocketEndPoint(path));
        server.ReceiveTimeout = 5000;
        using var provider = new AgroalLoggerProvider(new LoggingSettings { Type = LogType.Syslog, SyslogSocket = path }, _time, _console);

        provider.CreateLogger("C").LogWarning("{Text}", new string('€', 10_000));

        var datagram = Receive(server);
        Assert.StartsWith("<12>", datagram, StringComparison.Ordinal);
        Assert.InRange(datagram.Length, 1000, 2048);
    }

    private static string Receive(Socket server)
    {
        var buffer = new byte[16384];
        var length = server.Receive(buffer);
        return Encoding.UTF8.GetString(buffer, 0, length);
    }
}
