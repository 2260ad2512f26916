namespace Agroal.Actors.Management.Wire;

/// <summary>The field names of pgagroal 2.x's management document.</summary>
public static class ManagementKeys
{
    public const string Header = "Header";
    public const string Request = "Request";
    public const string Response = "Response";
    public const string Outcome = "Outcome";

    public const string Command = "Command";
    public const string ClientVersion = "ClientVersion";
    public const string ServerVersion = "ServerVersion";
    public const string Output = "Output";
    public const string Timestamp = "Timestamp";
    public const string Compression = "Compression";
    public const string Encryption = "Encryption";

    public const string Status = "Status";
    public const string Time = "Time";
    public const string Error = "Error";
    public const string Message = "Message";

    public const string Mode = "Mode";
    public const string Database = "Database";
    public const string Databases = "Databases";
    public const string Enabled = "Enabled";
    public const string Server = "Server";
    public const string Address = "Address";
    public const string Cluster = "Cluster";
    public const string Members = "Members";
    public const string Roles = "Roles";
    public const string Reachable = "Reachable";
    public const string Leader = "Leader";
    public const string Coordinator = "Coordinator";
    public const string Self = "Self";

    /// <summary>Agroal's: cluster members' shares of the cluster-wide budgets (max_connections, each limits rule's max_size).</summary>
    public const string Budgets = "Budgets";
    public const string Budget = "Budget";
    public const string Total = "Total";
    public const string Share = "Share";
    public const string Servers = "Servers";
    public const string ConfigKey = "ConfigKey";
    public const string ConfigValue = "ConfigValue";
    public const string Username = "Username";

    public const string Password = "Password";
    public const string Timeout = "Timeout";
    public const string Restart = "Restart";

    public const string ActiveConnections = "ActiveConnections";
    public const string TotalConnections = "TotalConnections";
    public const string MaxConnections = "MaxConnections";
    public const string InitialConnections = "InitialConnections";
    public const string MinConnections = "MinConnections";
    public const string NumberOfServers = "NumberOfServers";
    public const string Host = "Host";
    public const string Port = "Port";
    public const string State = "State";
    public const string Alive = "Alive";
    public const string Health = "Health";
    public const string MajorVersion = "MajorVersion";
    public const string SystemIdentifier = "SystemIdentifier";

    /// <summary>pgagroal (after 2.1): the servers a reload marked invalid as duplicates, besides Servers.</summary>
    public const string InvalidServers = "invalid_servers";

    /// <summary>Agroal's: on an invalid server, the section startup_validation found to be the same PostgreSQL and kept.</summary>
    public const string DuplicateOf = "DuplicateOf";
    public const string Primary = "Primary";
    public const string Limits = "Limits";
    public const string Connections = "Connections";
    public const string StartTime = "StartTime";
    public const string Pid = "PID";
    public const string Fd = "FD";
    public const string AppName = "AppName";
    public const string Client = "Client";
    public const string Slot = "Slot";
}
