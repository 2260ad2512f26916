namespace Agroal.Actors.Configuration.Parsing;

/// <summary>The keys of a server section.</summary>
internal static class ServerKeys
{
    private const ReloadEffect Live = ReloadEffect.AppliesLive;
    private const ReloadEffect Restart = ReloadEffect.RequiresRestart;

    public static readonly IReadOnlyList<SettingKey<ServerSettings>> All =
    [
        SettingKeys<ServerSettings>.Text("host", Restart, s => s.Host, (s, v) => s with { Host = v }),
        SettingKeys<ServerSettings>.Port("port", Restart, false, s => s.Port, (s, v) => s with { Port = v }),
        SettingKeys<ServerSettings>.Bool("primary", Live, s => s.Primary, (s, v) => s with { Primary = v }),
        SettingKeys<ServerSettings>.Bool("tls", Restart, s => s.Tls, (s, v) => s with { Tls = v }),
        SettingKeys<ServerSettings>.PathText("tls_cert_file", Restart, s => s.TlsCertFile, (s, v) => s with { TlsCertFile = v }),
        SettingKeys<ServerSettings>.PathText("tls_key_file", Restart, s => s.TlsKeyFile, (s, v) => s with { TlsKeyFile = v }),
        SettingKeys<ServerSettings>.PathText("tls_ca_file", Restart, s => s.TlsCaFile, (s, v) => s with { TlsCaFile = v }),
        SettingKeys<ServerSettings>.Enum("channel_binding", Live, EnumSpellingTables.ChannelBindings, s => s.ChannelBinding, (s, v) => s with { ChannelBinding = v }),
    ];

    public static SettingKey<ServerSettings>? Find(string name) => KeyLookup.Find(All, name);
}
