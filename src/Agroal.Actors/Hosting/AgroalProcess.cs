using Agroal.Actors.Configuration;
using Akka.Actor;
using Agroal.Actors.Logging;
using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Hosting;

/// <summary>
/// The <c>agroal</c> process from start to exit: command line, root check, configuration (fail fast with file and
/// line), credentials, logging, pid file, signals, the server, and a clean stop.
/// </summary>
public sealed partial class AgroalProcess
{
    private readonly TextWriter _stdout;
    private readonly TextWriter _stderr;
    private readonly Func<string, string?> _environment;
    private readonly TaskCompletionSource<bool> _shutdown = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public AgroalProcess(TextWriter stdout, TextWriter stderr, Func<string, string?> environment)
    {
        _stdout = stdout;
        _stderr = stderr;
        _environment = environment;
    }

    public async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var parsed = AgroalCommandLine.Parse(args);
        if (!parsed.IsSuccess)
        {
            await _stderr.WriteLineAsync($"{parsed.Error}\n{AgroalCommandLine.Usage}").ConfigureAwait(false);
            return 1;
        }
        var options = parsed.Options!;
        if (options.ShowHelp)
        {
            await _stdout.WriteLineAsync(AgroalCommandLine.Usage).ConfigureAwait(false);
            return 0;
        }
        if (options.ShowVersion)
        {
            await _stdout.WriteLineAsync(AgroalCommandLine.VersionText).ConfigureAwait(false);
            return 0;
        }
        if (RootGuard.CheckCurrentProcess(options.AllowRoot) is { } refusal)
        {
            await _stderr.WriteLineAsync(refusal).ConfigureAwait(false);
            return 1;
        }

        var paths = ConfigurationPaths.Resolve(options.ConfigPath, options.HbaPath, options.LimitPath, options.UsersPath,
            options.FrontendUsersPath, options.AdminsPath, options.SuperuserPath, options.ConfigDirectory, _environment);
        var loaded = ConfigurationLoader.Load(paths, _environment);
        foreach (var warning in loaded.Warnings)
        {
            await _stderr.WriteLineAsync($"agroal: warning: {warning}").ConfigureAwait(false);
        }
        if (!loaded.Succeeded)
        {
            foreach (var error in loaded.Errors)
            {
                await _stderr.WriteLineAsync($"agroal: {error}").ConfigureAwait(false);
            }
            return 1;
        }
        var configuration = loaded.Configuration!;
        // The runtime's HOCON is checked before anything starts: a bad file is refused with its path, as a bad pgagroal.conf line is.
        var hoconFile = options.HoconPath ?? (string.IsNullOrEmpty(configuration.Main.HoconFile) ? null : configuration.Main.HoconFile);
        Akka.Configuration.Config hocon;
        try
        {
            hocon = Runtime.RuntimeHocon.Load(hoconFile, Cluster.ClusterSettings.From(configuration.Main));
        }
        catch (Runtime.RuntimeHoconException ex)
        {
            await _stderr.WriteLineAsync($"agroal: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
        if (options.PrintHocon)
        {
            await _stdout.WriteAsync(Runtime.RuntimeHocon.Render(hocon)).ConfigureAwait(false);
            return 0;
        }
        if (hoconFile is not null)
        {
            configuration = configuration with { Main = configuration.Main with { HoconFile = Path.GetFullPath(hoconFile) } };
        }
        var credentials = CredentialLoader.Load(paths, _environment);
        if (!credentials.Ok)
        {
            await _stderr.WriteLineAsync($"agroal: {credentials.Error}").ConfigureAwait(false);
            return 1;
        }
        if (Daemonizer.Check(options.Daemon, configuration.Main.LogType == LogType.Console) is { } daemonRefusal)
        {
            await _stderr.WriteLineAsync(daemonRefusal).ConfigureAwait(false);
            return 1;
        }
        if (options.Daemon)
        {
            var error = await Daemonizer.LaunchAsync(Daemonizer.CurrentCommand(), Daemonizer.ChildArguments(options),
                configuration.Main.Pidfile, Daemonizer.DefaultStartTimeout).ConfigureAwait(false);
            if (error is not null)
            {
                await _stderr.WriteLineAsync(error).ConfigureAwait(false);
                return 1;
            }
            return 0;
        }
        return await ServeAsync(configuration, credentials.Value!, paths).ConfigureAwait(false);
    }

    private async Task<int> ServeAsync(AgroalConfiguration configuration, Security.Credentials.CredentialStore credentials, ConfigurationPaths paths)
    {
        using var logging = new AgroalLoggerProvider(ServerSettingsMapper.ToLoggingSettings(configuration.Main));
        // The generic host's own lines ("Now listening on: http://...") describe HTTP, which this listener is not.
        // The host's own errors are a failed start, which ServeAsync reports as one fatal line instead of a stack trace.
        using var loggerFactory = LoggerFactory.Create(builder => builder.AddAgroalLogging(logging).AddFilter("Microsoft", LogLevel.Warning)
            .AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical));
        var logger = loggerFactory.CreateLogger("Agroal.Actors.Hosting.AgroalProcess");
        foreach (var warning in configuration.Warnings)
        {
            Log.ConfigurationWarning(logger, warning.ToString());
        }
        using var pidFile = PidFile.TryCreate(configuration.Main.Pidfile, Environment.ProcessId, out var pidError);
        if (pidFile is null)
        {
            Log.Fatal(logger, pidError ?? "cannot create the pid file");
            return 1;
        }
        AgroalServer server;
        ServerIdentityReport identities;
        try
        {
            var settings = ServerSettingsMapper.ToServerSettings(configuration, credentials) with { LogCounters = logging.Counters };
            identities = await CheckServerIdentitiesAsync(configuration.Main.StartupValidation, settings.Pool, logger).ConfigureAwait(false);
            if (identities.Refused)
            {
                return 1;
            }
            server = await AgroalServer.StartAsync(settings, loggerFactory).ConfigureAwait(false);
        }
        catch (Security.Tls.TlsSetupException ex)
        {
            Log.Fatal(logger, ex.Message);
            return 1;
        }
        catch (IOException ex)
        {
            // Kestrel's message and the epoll engine's both name the address (the host and port, or the Unix socket).
            Log.Fatal(logger, $"cannot listen: {ex.Message}");
            return 1;
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            // Kestrel wraps only a taken address; an address this host does not have comes through bare.
            Log.Fatal(logger, $"cannot listen: Failed to bind to address {configuration.Main.Host}:{configuration.Main.Port}: {ex.Message}");
            return 1;
        }
        server.ConfigurePasswordRotation(configuration.Main.RotateFrontendPasswordTimeout, configuration.Main.RotateFrontendPasswordLength);
        var reloader = new ConfigurationReloader(server, logging, logger, paths, _environment, configuration, identities.Identifiers);
        await using var management = Management.ManagementService.Start(server.System, server.Pool, reloader, _environment, loggerFactory,
            () => _shutdown.TrySetResult(false), new Metrics.MetricsReset(server.PoolCounters, server.Services.Counters, logging.Counters, () => server.MetricsCollector),
            tls: server.Services.Options.Tls, socketCountChanged: server.Services.Counters.SelfSocketsChanged, lifecycle: server.Lifecycle,
            frontendPassword: user => server.Services.Credentials.FrontendUserPassword(user),
            cluster: server.ClusterMembership is { } membership ? new Cluster.ClusterControl(server.System, membership) : null);
        using var signals = new SignalHandlers(new SignalCallbacks
        {
            OnImmediateShutdown = () => _shutdown.TrySetResult(false),
            OnGracefulShutdown = () => server.Pool.Tell(Pool.PoolProtocol.BeginGracefulShutdown.Instance),
            OnReload = reloader.Reload,
            OnRebind = reloader.ReapplyRunning,
            OnAbort = () =>
            {
                // pgagroal: log, the pool's state, remove the pid file, abort (core dump where enabled).
                Log.Fatal(logger, "SIGABRT received: core dump requested, removing the pid file and aborting");
                LogPoolStatus(server, logger);
                pidFile.Dispose();
            },
        });
        Log.Started(logger, configuration.Main.Host, server.Port, configuration.Main.EffectivePipeline.ToString().ToLowerInvariant(),
            configuration.Main.MaxConnections, configuration.Servers.Count, paths.MainFile);
        // The pool decides when a graceful shutdown (SIGUSR2 or the management command) is over.
        var finished = await Task.WhenAny(_shutdown.Task, server.Lifecycle.ExitRequested).ConfigureAwait(false);
        var graceful = await finished.ConfigureAwait(false);
        if (finished == _shutdown.Task && graceful)
        {
            graceful = await GracefulShutdown.RunAsync(server).ConfigureAwait(false);
        }
        Log.Stopping(logger, graceful ? "graceful" : "immediate");
        await server.StopAsync().ConfigureAwait(false);
        Log.Stopped(logger);
        return 0;
    }

    /// <summary>startup_validation before the listener opens: with on, two sections naming one PostgreSQL stop the start.</summary>
    private static async Task<ServerIdentityReport> CheckServerIdentitiesAsync(TriState mode, Pool.PoolOptions pool, ILogger logger)
    {
        using var connector = new Pool.Backend.BackendConnector(TimeProvider.System);
        var report = await ServerIdentityCheck.RunAsync(mode, pool, connector, atStart: true, CancellationToken.None).ConfigureAwait(false);
        foreach (var warning in report.Warnings)
        {
            Log.ConfigurationWarning(logger, warning);
        }
        foreach (var error in report.Errors)
        {
            Log.Fatal(logger, error);
        }
        return report;
    }

    /// <summary>The pool's figures in one line, for the log of a process about to abort.</summary>
    private static void LogPoolStatus(AgroalServer server, ILogger logger)
    {
        try
        {
            var status = server.Pool.Ask<Pool.PoolProtocol.Status>(Pool.PoolProtocol.GetStatus.Instance, TimeSpan.FromSeconds(1)).GetAwaiter().GetResult();
            Log.PoolStatus(logger, status.MaxConnections, status.Total, status.Active, status.Waiting);
        }
        catch (Exception ex) when (ex is TimeoutException or Akka.Actor.AskTimeoutException or AggregateException)
        {
            Log.PoolStatus(logger, -1, -1, -1, -1);
        }
    }

    /// <summary>Asks the process to stop, as SIGTERM (false) or the graceful signal (true) does.</summary>
    public void RequestShutdown(bool graceful) => _shutdown.TrySetResult(graceful);
}
