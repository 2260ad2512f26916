namespace Agroal.Actors.Security.Vault;

/// <summary>
/// The ownership rule for secret files: nobody but the owner may read them. A directory must be 0700,
/// a file 0600; group or other bits refuse the path, with the mode found and the command that fixes it.
/// </summary>
internal static class UnixPermissions
{
    internal const UnixFileMode PrivateDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    internal const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Null when <paramref name="directory"/> is private to its owner, otherwise why not.</summary>
    internal static string? CheckPrivateDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return $"directory {directory} does not exist";
        }

        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        var mode = File.GetUnixFileMode(directory);
        var ownerNeeds = UnixFileMode.UserRead | UnixFileMode.UserExecute;
        if ((mode & GroupOrOther) != 0 || (mode & ownerNeeds) != ownerNeeds)
        {
            return $"directory {directory} has mode {Octal(mode)}, but it must be 0700 (run: chmod 700 {directory})";
        }

        return null;
    }

    /// <summary>Null when <paramref name="file"/> is readable by its owner only, otherwise why not.</summary>
    internal static string? CheckPrivateFile(string file)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        var mode = File.GetUnixFileMode(file);
        if ((mode & GroupOrOther) != 0 || (mode & UnixFileMode.UserRead) == 0)
        {
            return $"file {file} has mode {Octal(mode)}, but it must be 0600 (run: chmod 600 {file})";
        }

        return null;
    }

    internal static string Octal(UnixFileMode mode)
    {
        return Convert.ToString((int)mode & 0xFFF, 8).PadLeft(4, '0');
    }
}
