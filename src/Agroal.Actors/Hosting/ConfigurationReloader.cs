using Agroal.Actors.Configuration;
using Akka.Actor;
using Agroal.Actors.Logging;
using Agroal.Actors.Management.Configuration;
using Agroal.Actors.Security.Hba;
using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Hosting;

/// <summary>
/// SIGHUP: reads every file again; a snapshot that fails validation is rejected whole and the running one kept.
/// Keys that apply live are swapped in; the ones that need a restart are logged and keep their running values.
/// </summary>
public sealed partial class ConfigurationReloader(AgroalServer server, AgroalLoggerProvider logging, ILogger logger,
    ConfigurationPaths paths, Func<string, string?> environment, AgroalConfiguration initial,
    IReadOnlyDictionary<string, string>? initialIdentifiers = null) : IConfigurationControl
{
    private readonly Lock _gate = new();
    private AgroalConfiguration _current = initial;
    private IReadOnlyDictionary<string, string> _identifiers = initialIdentifiers ?? new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> ServerIdentifiers => Volatile.Read(ref _identifiers);

    public AgroalConfiguration Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    public void Reload() => ReloadFromFiles();

    /// <summary>The metrics endpoint's part of the last reload, which finishes after it (tests await it).</summary>
    public Task MetricsReload { get; private set; } = Task.CompletedTask;

    /// <summary>Reads every file again and applies what changes live (SIGHUP, conf reload).</summary>
    public ConfigurationApplyResult ReloadFromFiles()
    {
        lock (_gate)
        {
            var loaded = ConfigurationLoader.Load(paths, environment);
            // The same warnings start-up gives (unknown keys, lines that are not key = value, ...), for this reading.
            foreach (var warning in loaded.Warnings)
            {
                Log.ConfigurationWarning(logger, warning.ToString());
            }
            if (!loaded.Succeeded)
            {
                foreach (var error in loaded.Errors)
                {
                    Log.ReloadRejected(logger, error.ToString());
                }
                return ConfigurationApplyResult.Rejected(string.Join("; ", loaded.Errors));
            }
            var credentials = CredentialLoader.Load(paths, environment);
            if (!credentials.Ok)
            {
                Log.ReloadRejected(logger, credentials.Error!);
                return ConfigurationApplyResult.Rejected(credentials.Error!);
            }
            return ApplyLocked(loaded.Configuration!, credentials.Value!);
        }
    }

    /// <summary>
    /// SIGUSR1, as pgagroal's service reload: the running configuration is applied again without reading the files;
    /// the log file is reopened (after an outside rotation) and the periodic services re-armed.
    /// </summary>
    public void ReapplyRunning()
    {
        lock (_gate)
        {
            logging.Reopen();
            ApplyLocked(_current, server.Services.Credentials);
        }
    }

    /// <summary>Applies an edited snapshot (conf set) with the credentials already loaded.</summary>
    public ConfigurationApplyResult Apply(AgroalConfiguration next)
    {
        lock (_gate)
        {
            return ApplyLocked(next, server.Services.Credentials);
        }
    }

    private ConfigurationApplyResult ApplyLocked(AgroalConfiguration loaded, Security.Credentials.CredentialStore credentials)
    {
        var diff = ConfigurationDiff.Compute(_current, loaded);
        foreach (var change in diff.Changes)
        {
            if (change.Effect == ReloadEffect.RequiresRestart)
            {
                Log.RestartRequired(logger, change.Key, change.OldValue, change.NewValue);
            }
        }
        var next = RunningValues.KeepRestartOnlyKeys(_current, loaded);
        Pool.PoolOptions poolOptions;
        Clients.ClientSessionOptions clientOptions;
        try
        {
            poolOptions = ServerSettingsMapper.ToPoolOptions(next, credentials);
            clientOptions = ServerSettingsMapper.ToClientOptions(next);
        }
        catch (Security.Tls.TlsSetupException ex)
        {
            Log.ReloadRejected(logger, ex.Message);
            return ConfigurationApplyResult.Rejected(ex.Message);
        }
        var duplicates = CheckServerIdentities(next, poolOptions);
        server.Pool.Tell(new Pool.PoolProtocol.Reconfigure(poolOptions, duplicates));
        server.ApplyLifecycle(poolOptions);
        server.Services.Reconfigure(clientOptions, new HbaAccessPolicy(HbaMatcher.For(next)), credentials);
        // After the credentials swap: a rotation in force puts its passwords back over the file's.
        server.ConfigurePasswordRotation(next.Main.RotateFrontendPasswordTimeout, next.Main.RotateFrontendPasswordLength);
        logging.Reconfigure(ServerSettingsMapper.ToLoggingSettings(next.Main));
        // The metrics keys (cache age, certificate, key, CA) may rebind the endpoint: done off this lock, logged when it fails.
        MetricsReload = server.ReconfigureMetricsAsync(ServerSettingsMapper.ToMetricsSettings(next));
        _current = next;
        Log.Reloaded(logger, diff.Changes.Count, diff.RequiresRestart);
        return ConfigurationApplyResult.Applied(diff.Changes);
    }

    /// <summary>
    /// startup_validation on reload: the servers' identifiers are read again (a section may now name another server).
    /// The reload applies either way, as pgagroal documents: with on, the duplicates go to the pool, which marks one server
    /// of each pair invalid (null is returned for off and try, where every server stays valid); with try they are logged.
    /// A server that cannot be read is a warning: it is left out of the comparison and keeps its last identifier for status.
    /// </summary>
    private Pool.DuplicateServerFindings? CheckServerIdentities(AgroalConfiguration next, Pool.PoolOptions poolOptions)
    {
        if (next.Main.StartupValidation == TriState.Off)
        {
            Volatile.Write(ref _identifiers, new Dictionary<string, string>());
            return null;
        }
        using var connector = new Pool.Backend.BackendConnector(TimeProvider.System);
        // A reload runs on a signal or management thread, never an actor's: waiting here blocks no pool work.
        var report = ServerIdentityCheck.RunAsync(next.Main.StartupValidation, poolOptions, connector, atStart: false, CancellationToken.None).GetAwaiter().GetResult();
        foreach (var warning in report.Warnings)
        {
            Log.ReloadWarning(logger, warning);
        }
        // A server not read this time keeps the identifier it had, as long as its section is still there.
        var previous = Volatile.Read(ref _identifiers);
        var unread = new List<string>();
        foreach (var endpoint in poolOptions.Servers)
        {
            if (report.Identifiers.ContainsKey(endpoint.Name))
            {
                continue;
            }
            unread.Add(endpoint.Name);
            if (previous.TryGetValue(endpoint.Name, out var known))
            {
                report.Identifiers[endpoint.Name] = known;
            }
        }
        Volatile.Write(ref _identifiers, report.Identifiers);
        return next.Main.StartupValidation == TriState.On ? new Pool.DuplicateServerFindings(report.Duplicates, unread) : null;
    }
}
