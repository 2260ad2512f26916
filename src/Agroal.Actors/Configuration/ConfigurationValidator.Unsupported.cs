namespace Agroal.Actors.Configuration;

/// <summary>
/// pgagroal keys this pooler parses but cannot honour yet. Rather than run weaker than the file asks, a value that
/// would need the missing behaviour stops start-up (and a reload, or <c>conf set</c>) with the reason; a value that
/// asks for nothing (off, the default) is accepted.
/// </summary>
internal sealed partial class ConfigurationValidator
{
    private void CheckUnsupported(MainSettings main, IReadOnlyList<ServerSettings> servers)
    {
        if (main.EvBackend is EventBackend.IoUring or EventBackend.Kqueue)
        {
            Error("ev_backend", "ev_backend: io_uring and kqueue are not available: agroal's socket engine uses epoll on Linux; use auto, epoll or dotnet (.NET's own socket engine)");
        }
        if (main.EvBackend == EventBackend.Epoll && !Networking.Epoll.EpollEngine.IsSupported)
        {
            Error("ev_backend", "ev_backend: epoll needs Linux on x86-64 or arm64; use auto or dotnet here");
        }

        if (main.HugePage == TriState.On)
        {
            Error("hugepage", "hugepage: on is not supported: agroal has no shared-memory segment to place on huge pages (the .NET runtime manages its heap); use off or try (try starts without them)");
        }

        if (main.UpdateProcessTitle != ProcessTitleMode.Never && _mainKeyLines.ContainsKey("update_process_title"))
        {
            Warn("update_process_title", "update_process_title: has no effect: agroal serves every client from one process, so there is no per-connection process title to update");
        }
    }
}
