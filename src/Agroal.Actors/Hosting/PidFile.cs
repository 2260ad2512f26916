using System.Globalization;

namespace Agroal.Actors.Hosting;

/// <summary>
/// The pid file: created exclusively (a leftover file means another agroal may be running), mode 0640,
/// holding the pid and a newline; deleted on dispose.
/// </summary>
public sealed class PidFile : IDisposable
{
    private const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
    private int _disposed;

    private PidFile(string path) => Path = path;

    public string Path { get; }

    /// <summary>Creates the file, or returns the reason it could not be created in <paramref name="error"/>.</summary>
    public static PidFile? TryCreate(string path, int processId, out string? error)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.Read };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = Mode;
        }
        try
        {
            using (var stream = new FileStream(path, options))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(processId.ToString(CultureInfo.InvariantCulture));
                writer.Write('\n');
            }
            error = null;
            return new PidFile(path);
        }
        catch (IOException) when (File.Exists(path))
        {
            error = $"pid file {path} exists: is another agroal running?";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error = $"could not create pid file {path}: {ex.Message}";
        }
        return null;
    }

    /// <summary>Removes the file; also safe to call from a signal path before aborting.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        try
        {
            File.Delete(Path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Nothing to do at shutdown; the next start names the leftover file.
        }
    }
}
