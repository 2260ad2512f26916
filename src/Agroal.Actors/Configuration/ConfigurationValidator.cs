namespace Agroal.Actors.Configuration;

/// <summary>
/// pgagroal's startup rules (reference section 1.4) over a parsed configuration. Each error names the key at fault.
/// Used by the loader and by <see cref="ConfigurationEditor"/>, so a <c>conf set</c> cannot produce a state
/// that a restart would refuse.
/// </summary>
internal sealed partial class ConfigurationValidator
{
    private readonly ConfigurationPaths _paths;
    private readonly IReadOnlyDictionary<string, int> _mainKeyLines;
    private readonly IReadOnlyDictionary<string, int> _serverLines;
    private readonly IReadOnlySet<string> _givenServerKeys;
    private readonly List<ConfigurationError> _errors;
    private readonly List<ConfigurationWarning> _warnings;

    public ConfigurationValidator(
        ConfigurationPaths paths,
        IReadOnlyDictionary<string, int> mainKeyLines,
        IReadOnlyDictionary<string, int> serverLines,
        IReadOnlySet<string> givenServerKeys,
        List<ConfigurationError> errors,
        List<ConfigurationWarning> warnings)
    {
        _paths = paths;
        _mainKeyLines = mainKeyLines;
        _serverLines = serverLines;
        _givenServerKeys = givenServerKeys;
        _errors = errors;
        _warnings = warnings;
    }

    /// <summary>Checks everything; returns <paramref name="main"/> with the settings pgagroal forces (auth_query → allow_unknown_users).</summary>
    public MainSettings Validate(MainSettings main, IReadOnlyList<ServerSettings> servers, HbaTable hba, LimitTable limits)
    {
        CheckRequired(main);
        CheckServers(servers);
        if (hba.Entries.Count == 0)
        {
            _errors.Add(new ConfigurationError(_paths.HbaFile, 0, "at least one HBA entry is required"));
        }

        main = CheckAuthQuery(main);
        CheckFailover(main, servers);
        CheckUsersFiles(main);
        CheckTls(main);
        CheckPipeline(main, servers, limits);
        CheckOwnKeys(main);
        CheckUnsupported(main, servers);

        if (_paths.LimitsFile is not null)
        {
            var users = Parsing.VaultUserNames.Read(_paths.UsersFile, "users file", _errors);
            var origin = _mainKeyLines.TryGetValue("max_connections", out var line)
                ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{_paths.MainFile}:{line}")
                : null;
            Parsing.LimitRules.Validate(limits, _paths.LimitsFile, main.MaxConnections, users, _errors, _warnings, origin);
        }

        return main;
    }

    private void CheckRequired(MainSettings main)
    {
        // A key that is present but failed to parse has been reported already; "required" would only repeat it.
        if (main.Host.Length == 0 && !_mainKeyLines.ContainsKey("host"))
        {
            Error("host", "host: required");
        }

        if (main.Port == 0 && !_mainKeyLines.ContainsKey("port"))
        {
            Error("port", "port: required");
        }

        if (main.UnixSocketDir.Length == 0)
        {
            if (!_mainKeyLines.ContainsKey("unix_socket_dir"))
            {
                Error("unix_socket_dir", "unix_socket_dir: required");
            }
        }
        else if (!Directory.Exists(main.UnixSocketDir))
        {
            Error("unix_socket_dir", $"unix_socket_dir: directory \"{main.UnixSocketDir}\" does not exist");
        }
    }

    private MainSettings CheckAuthQuery(MainSettings main)
    {
        if (!main.AuthQuery)
        {
            return main;
        }

        if (_paths.SuperuserFile is null)
        {
            Error("auth_query", "auth_query: needs a superuser file (pgagroal_superuser.conf)");
        }

        foreach (var (path, what) in new[] { (_paths.UsersFile, "users"), (_paths.FrontendUsersFile, "frontend users"), (_paths.LimitsFile, "limits") })
        {
            if (path is not null)
            {
                Error("auth_query", $"auth_query: cannot be used with a {what} file ({path})");
            }
        }

        return main with { AllowUnknownUsers = true };
    }

    private void CheckUsersFiles(MainSettings main)
    {
        if (main.RotateFrontendPasswordTimeout > TimeSpan.Zero && _paths.UsersFile is null)
        {
            Error("rotate_frontend_password_timeout", "rotate_frontend_password_timeout: needs a users file");
        }
        else if (main.RotateFrontendPasswordTimeout > TimeSpan.Zero && _paths.FrontendUsersFile is null)
        {
            Warn("rotate_frontend_password_timeout", "rotate_frontend_password_timeout: rotates the frontend users' passwords, and no frontend users file (-F) is given, so none rotates");
        }

        if (_paths.FrontendUsersFile is null)
        {
            return;
        }

        if (main.AllowUnknownUsers)
        {
            Warn("allow_unknown_users", "allow_unknown_users: on together with frontend users lets unknown users bypass the frontend passwords");
        }

        if (_paths.UsersFile is null)
        {
            _errors.Add(new ConfigurationError(_paths.FrontendUsersFile, 0, "frontend users need a users file"));
            return;
        }

        var users = Parsing.VaultUserNames.Read(_paths.UsersFile, "users file", _errors);
        foreach (var frontendUser in Parsing.VaultUserNames.Read(_paths.FrontendUsersFile, "frontend users file", _errors))
        {
            if (!users.Contains(frontendUser))
            {
                _errors.Add(new ConfigurationError(_paths.FrontendUsersFile, 0, $"frontend user \"{frontendUser}\" is not in the users file"));
            }
        }
    }

    private void CheckTls(MainSettings main)
    {
        if (main.Tls && (main.TlsCertFile.Length == 0 || main.TlsKeyFile.Length == 0))
        {
            Error("tls", "tls: needs tls_cert_file and tls_key_file");
        }
        // pgagroal 2.1's web console shows what the metrics exporter reads: it needs the metrics port.
        if (main.Console > 0 && main.Metrics <= 0)
        {
            Error("console", "console: needs metrics (the web console is served with the Prometheus exporter)");
        }
        if (main.Console > 0 && (main.Console == main.Port || main.Console == main.Metrics || main.Console == main.Management))
        {
            Error("console", $"console: port {main.Console} is already used by port, metrics or management");
        }
    }

    private void CheckOwnKeys(MainSettings main)
    {
        if (main.Cluster && main.ClusterHost.Length == 0)
        {
            Error("cluster", "cluster_host: required when cluster = on (the address remoting binds and advertises)");
        }
        if (main.Cluster && main.ClusterSeedNodeList.Count == 0)
        {
            Error("cluster", "cluster_seed_nodes: required when cluster = on (at least one host:port)");
        }
        if (main.Cluster && main.Failover && main.HealthCheckUser.Length == 0)
        {
            Error("failover", "failover: in cluster mode needs health_check_user (the failover coordinator logs in as it to ask the candidate pg_is_in_recovery())");
        }

        if (main.HealthCheck && main.HealthCheckUser.Length == 0)
        {
            Error("health_check_user", "health_check_user: required when health_check = on");
        }
    }

    private int LineOf(string key) => _mainKeyLines.TryGetValue(key, out var line) ? line : 0;

    private void Error(string key, string message) => _errors.Add(new ConfigurationError(_paths.MainFile, LineOf(key), message));

    private void Warn(string key, string message) => _warnings.Add(new ConfigurationWarning(_paths.MainFile, LineOf(key), message));
}
