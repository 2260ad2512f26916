namespace Agroal.Actors.Protocol;

/// <summary>
/// The first packet of a connection, decoded. For <see cref="StartupPacketKind.Startup"/> the
/// parameters are kept in wire order, all of them (user and database included), except protocol
/// options (names starting with <c>_pq_.</c>) which are listed apart in <see cref="ProtocolOptions"/>.
/// </summary>
public sealed class StartupPacket
{
    private static readonly IReadOnlyList<KeyValuePair<string, string>> NoParameters = [];
    private static readonly IReadOnlyList<string> NoOptions = [];

    private StartupPacket(StartupPacketKind kind, int protocolVersion)
    {
        Kind = kind;
        ProtocolVersion = protocolVersion;
    }

    public StartupPacketKind Kind { get; }

    /// <summary>The request code for requests; the protocol version (major &lt;&lt; 16 | minor) for a startup.</summary>
    public int ProtocolVersion { get; }

    public int ProtocolMajor => ProtocolCodes.MajorVersion(ProtocolVersion);

    public int ProtocolMinor => ProtocolCodes.MinorVersion(ProtocolVersion);

    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; private init; } = NoParameters;

    /// <summary><c>_pq_.*</c> options the client asked for; the pooler supports none of them.</summary>
    public IReadOnlyList<string> ProtocolOptions { get; private init; } = NoOptions;

    /// <summary>Empty for requests; always set for a startup (the reader refuses a startup without it).</summary>
    public string User { get; private init; } = string.Empty;

    /// <summary>Defaults to <see cref="User"/> when the client sent none, as PostgreSQL does.</summary>
    public string? Database { get; private init; }

    public string? ApplicationName { get; private init; }

    public int CancelProcessId { get; private init; }

    public int CancelSecretKey { get; private init; }

    /// <summary>
    /// True when the client asked for a newer minor version or for protocol options: PostgreSQL would
    /// answer with NegotiateProtocolVersion (3.0, the options) before authentication, and so should the pooler.
    /// </summary>
    public bool NeedsProtocolNegotiation => Kind == StartupPacketKind.Startup && (ProtocolMinor > 0 || ProtocolOptions.Count > 0);

    /// <summary>The value of the last parameter with this name (case-sensitive, as PostgreSQL), or null.</summary>
    public string? GetParameter(string name)
    {
        string? found = null;
        for (var i = 0; i < Parameters.Count; i++)
        {
            if (string.Equals(Parameters[i].Key, name, StringComparison.Ordinal))
            {
                found = Parameters[i].Value;
            }
        }

        return found;
    }

    internal static StartupPacket ForRequest(StartupPacketKind kind, int code) => new(kind, code);

    internal static StartupPacket ForCancel(int processId, int secretKey) =>
        new(StartupPacketKind.CancelRequest, ProtocolCodes.CancelRequest) { CancelProcessId = processId, CancelSecretKey = secretKey };

    internal static StartupPacket ForStartup(
        int protocolVersion,
        List<KeyValuePair<string, string>> parameters,
        List<string>? protocolOptions,
        string user,
        string? database,
        string? applicationName) =>
        new(StartupPacketKind.Startup, protocolVersion)
        {
            Parameters = parameters,
            ProtocolOptions = protocolOptions ?? NoOptions,
            User = user,
            Database = database,
            ApplicationName = applicationName,
        };
}
