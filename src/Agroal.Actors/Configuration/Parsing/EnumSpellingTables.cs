namespace Agroal.Actors.Configuration.Parsing;

internal static class EnumSpellingTables
{
    public static readonly EnumSpellings<LogType> LogTypes = new(("console", LogType.Console), ("file", LogType.File), ("syslog", LogType.Syslog));

    public static readonly EnumSpellings<LogSeverity> LogLevels = new(
        ("fatal", LogSeverity.Fatal), ("error", LogSeverity.Error), ("warn", LogSeverity.Warn), ("info", LogSeverity.Info),
        ("debug1", LogSeverity.Debug1), ("debug", LogSeverity.Debug1), ("debug2", LogSeverity.Debug2), ("debug3", LogSeverity.Debug3),
        ("debug4", LogSeverity.Debug4), ("debug5", LogSeverity.Debug5), ("trace", LogSeverity.Debug5));

    public static readonly EnumSpellings<LogMode> LogModes = new(
        ("append", LogMode.Append), ("a", LogMode.Append), ("create", LogMode.Create), ("c", LogMode.Create));

    public static readonly EnumSpellings<ValidationMode> ValidationModes = new(
        ("off", ValidationMode.Off), ("foreground", ValidationMode.Foreground), ("background", ValidationMode.Background));

    public static readonly EnumSpellings<PipelineMode> Pipelines = new(
        ("auto", PipelineMode.Auto), ("performance", PipelineMode.Performance), ("session", PipelineMode.Session), ("transaction", PipelineMode.Transaction));

    public static readonly EnumSpellings<EventBackend> EventBackends = new(
        ("auto", EventBackend.Auto), ("io_uring", EventBackend.IoUring), ("epoll", EventBackend.Epoll), ("kqueue", EventBackend.Kqueue),
        ("dotnet", EventBackend.Dotnet));

    public static readonly EnumSpellings<TriState> TriStates = new(("off", TriState.Off), ("try", TriState.Try), ("on", TriState.On));

    public static readonly EnumSpellings<ResetFailureBehavior> ResetFailureBehaviors = new(
        ("discard", ResetFailureBehavior.Discard), ("ignore", ResetFailureBehavior.Ignore), ("try", ResetFailureBehavior.Try));

    public static readonly EnumSpellings<ProcessTitleMode> ProcessTitles = new(
        ("never", ProcessTitleMode.Never), ("off", ProcessTitleMode.Never), ("strict", ProcessTitleMode.Strict),
        ("minimal", ProcessTitleMode.Minimal), ("verbose", ProcessTitleMode.Verbose), ("full", ProcessTitleMode.Verbose));

    public static readonly EnumSpellings<ChannelBindingMode> ChannelBindings = new(
        ("disabled", ChannelBindingMode.Disabled), ("prefer", ChannelBindingMode.Prefer), ("require", ChannelBindingMode.Require));
}
