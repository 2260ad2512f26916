using System.Text;

namespace Agroal.Actors.Security.Vault;

/// <summary>
/// Replaces a file in one step: the new content goes to a 0600 temporary file in the same directory,
/// is flushed to disk, and is renamed over the target. A failure at any point leaves the old file as it was.
/// </summary>
internal static class AtomicFile
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <param name="beforeCommit">Test seam: runs after the temporary file is complete, just before the rename.</param>
    internal static VaultResult<bool> Write(string path, string content, Action<string>? beforeCommit = null)
    {
        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath) ?? ".";
        var temporary = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            var options = new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
            };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixPermissions.PrivateFile;
            }

            using (var stream = new FileStream(temporary, options))
            {
                var bytes = Utf8NoBom.GetBytes(content);
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            beforeCommit?.Invoke(temporary);
            File.Move(temporary, fullPath, overwrite: true);
            return VaultResult<bool>.Success(true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            return VaultResult<bool>.Failure($"cannot write {fullPath}: {e.Message}; the file was left unchanged");
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The temporary name is unique and hidden; a leftover does not affect the real file.
        }
    }
}
