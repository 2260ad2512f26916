namespace Agroal.Actors.Configuration;

internal sealed partial class ConfigurationValidator
{
    private void CheckFailover(MainSettings main, IReadOnlyList<ServerSettings> servers)
    {
        if (main.Failover)
        {
            if (main.FailoverScript.Length == 0)
            {
                Error("failover", "failover: needs failover_script");
            }

            if (servers.Count < 2)
            {
                Error("failover", "failover: needs at least 2 servers");
            }
        }

        if (main.FailoverScript.Length > 0 && main.Failover)
        {
            CheckExecutable("failover_script", main.FailoverScript);
        }

        if (main.FailoverNotifyScript.Length > 0)
        {
            if (main.FailoverScript.Length == 0)
            {
                Error("failover_notify_script", "failover_notify_script: needs failover_script");
            }
            else if (main.FailoverNotifyScript == main.FailoverScript)
            {
                Error("failover_notify_script", "failover_notify_script: must differ from failover_script");
            }

            CheckExecutable("failover_notify_script", main.FailoverNotifyScript);
        }
    }

    private void CheckExecutable(string key, string path)
    {
        if (!File.Exists(path))
        {
            Error(key, $"{key}: \"{path}\" is not a regular file");
            return;
        }

        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & anyExecute) == 0)
        {
            Error(key, $"{key}: \"{path}\" is not executable");
        }
    }

    private void CheckPipeline(MainSettings main, IReadOnlyList<ServerSettings> servers, LimitTable limits)
    {
        switch (main.EffectivePipeline)
        {
            case PipelineMode.Performance:
                CheckPerformance(main);
                break;
            case PipelineMode.Transaction:
                CheckTransaction(main, servers, limits);
                break;
        }
    }

    private void CheckPerformance(MainSettings main)
    {
        if (main.Failover)
        {
            Error("failover", "failover: not supported by the performance pipeline");
        }

        if (main.Tls)
        {
            Error("tls", "tls: not supported by the performance pipeline");
        }

        if (main.DisconnectClient > TimeSpan.Zero)
        {
            Error("disconnect_client", "disconnect_client: not supported by the performance pipeline");
        }
    }

    private void CheckTransaction(MainSettings main, IReadOnlyList<ServerSettings> servers, LimitTable limits)
    {
        if (main.DisconnectClient > TimeSpan.Zero)
        {
            Error("disconnect_client", "disconnect_client: not supported by the transaction pipeline");
        }

        if (!main.AuthQuery)
        {
            if (_paths.UsersFile is null)
            {
                Error("pipeline", "pipeline: transaction needs a users file (or auth_query)");
            }

            if (main.AllowUnknownUsers)
            {
                Error("allow_unknown_users", "allow_unknown_users: must be off with the transaction pipeline");
            }

            CheckTransactionLimits(limits);
        }

        foreach (var server in servers)
        {
            if (server.Tls)
            {
                ServerError(server, "tls: not supported by the transaction pipeline");
            }
        }

        WarnIfSet(main.BlockingTimeout > TimeSpan.Zero, "blocking_timeout");
        WarnIfSet(main.IdleTimeout > TimeSpan.Zero, "idle_timeout");
        WarnIfSet(main.MaxConnectionAge > TimeSpan.Zero, "max_connection_age");
        WarnIfSet(main.RotateFrontendPasswordTimeout > TimeSpan.Zero, "rotate_frontend_password_timeout");
        WarnIfSet(main.Validation == ValidationMode.Foreground, "validation");
    }

    private void CheckTransactionLimits(LimitTable limits)
    {
        if (_paths.LimitsFile is null)
        {
            Error("pipeline", "pipeline: transaction needs a limits file (pgagroal_databases.conf)");
            return;
        }

        foreach (var rule in limits.Rules)
        {
            if (rule.MaxSize == 0 || rule.InitialSize == 0 || rule.MinSize == 0)
            {
                _errors.Add(new ConfigurationError(_paths.LimitsFile, rule.Line,
                    $"{rule.Database}/{rule.User}: the transaction pipeline needs max_size, initial_size and min_size > 0"));
            }
        }
    }

    private void WarnIfSet(bool isSet, string key)
    {
        if (isSet)
        {
            Warn(key, $"{key}: has little effect with the transaction pipeline");
        }
    }
}
