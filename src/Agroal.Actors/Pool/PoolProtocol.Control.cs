namespace Agroal.Actors.Pool;

// Operator requests the pool answers with Done: what pgagroal-cli's flush, enable, disable, shutdown, switch-to and
// clear commands ask of the pool.
public static partial class PoolProtocol
{
    /// <param name="Database">A database name, or null for all.</param>
    public sealed record Flush(FlushMode Mode, string? Database);

    public sealed record EnableDatabase(string Database);

    public sealed record DisableDatabase(string Database);

    /// <summary>Refuse new clients; the pool reports when the last active client has left.</summary>
    /// <param name="Timeout">pgagroal-cli's --timeout: stop anyway after this long; zero waits without limit; null uses flush_timeout.</param>
    public sealed record BeginGracefulShutdown(TimeSpan? Timeout = null)
    {
        public static readonly BeginGracefulShutdown Instance = new();
    }

    public sealed class CancelShutdown
    {
        public static readonly CancelShutdown Instance = new();

        private CancelShutdown()
        {
        }
    }

    public sealed record SwitchTo(string Server);

    public sealed record ClearServer(string Server);

    public sealed record Done(bool Success, string? Error = null)
    {
        public static readonly Done Ok = new(true);

        public static Done NotSupported(string what) => new(false, $"{what} is not supported yet");
    }
}
