using System.Runtime.InteropServices;

namespace Agroal.Actors.Security.Tls;

/// <summary>
/// pgagroal's rule for TLS files: regular files owned by the pooler's user or by root; a private key must give
/// nothing to group or others (0600), except that a root-owned key may be group-readable (0640).
/// </summary>
public static partial class TlsFileCheck
{
    private const int AtCurrentDirectory = -100;
    private const uint StatxUidAndMode = 0x2 | 0x8;
    private const int StatxBufferSize = 256;
    private const int StatxUidOffset = 20;

    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private const UnixFileMode BeyondGroupRead = GroupOrOther & ~UnixFileMode.GroupRead;

    /// <summary>Null when the certificate or CA file may be used, otherwise why not.</summary>
    public static string? CheckCertificate(string path) => CheckOwnership(path, out _);

    /// <summary>Null when the key file may be used, otherwise why not.</summary>
    public static string? CheckPrivateKey(string path)
    {
        var error = CheckOwnership(path, out var ownerIsRoot);
        if (error is not null || OperatingSystem.IsWindows())
        {
            return error;
        }
        var mode = File.GetUnixFileMode(path);
        var forbidden = ownerIsRoot ? BeyondGroupRead : GroupOrOther;
        if ((mode & forbidden) != 0)
        {
            var allowed = ownerIsRoot ? "0600 or 0640" : "0600";
            return $"TLS key file {path} has mode {Octal(mode)}, but it must be {allowed} (run: chmod 600 {path})";
        }
        return null;
    }

    private static string? CheckOwnership(string path, out bool ownerIsRoot)
    {
        ownerIsRoot = false;
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return $"TLS file {path} does not exist or is not a regular file";
        }
        if (info.LinkTarget is not null)
        {
            info = new FileInfo(Path.GetFullPath(info.LinkTarget, info.DirectoryName ?? "/"));
            if (!info.Exists)
            {
                return $"TLS file {path} does not exist or is not a regular file";
            }
        }
        if (OperatingSystem.IsWindows())
        {
            return null;
        }
        if (!TryGetOwner(info.FullName, out var owner))
        {
            return $"TLS file {path}: cannot read its owner";
        }
        ownerIsRoot = owner == 0;
        if (!ownerIsRoot && owner != GetEffectiveUserId())
        {
            return $"TLS file {path} must be owned by the pooler's user or by root";
        }
        return null;
    }

    private static unsafe bool TryGetOwner(string path, out uint owner)
    {
        owner = 0;
        var buffer = stackalloc byte[StatxBufferSize];
        if (Statx(AtCurrentDirectory, path, 0, StatxUidAndMode, buffer) != 0)
        {
            return false;
        }
        owner = *(uint*)(buffer + StatxUidOffset);
        return true;
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode & 0xFFF, 8).PadLeft(4, '0');

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Statx(int directoryFd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();
}
