namespace Agroal.Actors.Management.Wire;

/// <summary>pgagroal 2.x's <c>Outcome.Error</c> codes, plus agroal's own from 5000 on for cases pgagroal has no code for.</summary>
public static class ManagementErrorCode
{
    public const int BadPayload = 1;
    public const int UnknownCommand = 2;
    public const int Allocation = 3;

    public const int MetricsUnavailable = 100;
    public const int MetricsNetwork = 101;

    public const int FlushFailed = 200;
    public const int FlushNetwork = 201;

    public const int StatusFailed = 700;
    public const int StatusNetwork = 701;

    public const int DetailsFailed = 800;
    public const int DetailsNetwork = 801;

    public const int ConfGetFailed = 900;
    public const int ConfGetNetwork = 901;
    public const int ConfGetError = 902;

    public const int ConfSetFailed = 1000;
    public const int ConfSetNetwork = 1001;
    public const int ConfSetError = 1002;
    public const int ConfSetNoRequest = 1003;
    public const int ConfSetNoKeyOrValue = 1004;
    public const int ConfSetUnknownServer = 1005;
    public const int ConfSetUnknownKey = 1006;

    public const int ConfAliasFailed = 1200;
    public const int ConfAliasNetwork = 1201;
    public const int ConfAliasError = 1202;

    public const int SwitchToFailed = 1300;

    /// <summary>agroal: the pool refused or does not support the operation (enable, disable, shutdown, clear server).</summary>
    public const int OperationFailed = 5000;

    /// <summary>agroal: the request needs a field it does not have (Database, Server).</summary>
    public const int MissingArgument = 5003;

    /// <summary>agroal: a command that needs the configuration files while the endpoint runs without them.</summary>
    public const int ConfigurationUnavailable = 5004;

    /// <summary>agroal: a cluster command on a node that runs with cluster = off.</summary>
    public const int ClusterOff = 5100;

    /// <summary>agroal: cluster leave/down of an address that is not a member.</summary>
    public const int ClusterUnknownMember = 5101;

    /// <summary>A short English description for people reading text output.</summary>
    public static string Describe(int code) => code switch
    {
        BadPayload => "bad payload: the request is not a valid management document",
        UnknownCommand => "unknown command",
        Allocation => "allocation failure",
        MetricsUnavailable or MetricsNetwork => "metrics are not available",
        FlushFailed or FlushNetwork => "flush failed",
        StatusFailed or StatusNetwork => "status failed",
        DetailsFailed or DetailsNetwork => "status details failed",
        ConfGetFailed or ConfGetNetwork or ConfGetError => "conf get failed",
        ConfSetFailed or ConfSetNetwork or ConfSetError => "conf set failed: the value was rejected",
        ConfSetNoRequest => "conf set: no request",
        ConfSetNoKeyOrValue => "conf set: missing key or value",
        ConfSetUnknownServer => "conf set: unknown server",
        ConfSetUnknownKey => "conf set: unknown configuration key",
        ConfAliasFailed or ConfAliasNetwork or ConfAliasError => "conf alias failed",
        SwitchToFailed => "switch-to failed: server not found or invalid",
        OperationFailed => "the pooler could not carry out the operation",
        MissingArgument => "the request lacks a required argument",
        ConfigurationUnavailable => "the configuration files are not available to this endpoint",
        ClusterOff => "cluster mode is off on this node (cluster = off in pgagroal.conf)",
        ClusterUnknownMember => "no such cluster member",
        _ => $"error {code}",
    };
}
