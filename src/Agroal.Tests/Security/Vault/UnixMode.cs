namespace Agroal.Tests.Security.Vault;

/// <summary>Octal file modes for tests ("0700"), in one place that guards the Unix-only calls.</summary>
internal static class UnixMode
{
    internal static void Set(string path, string octal)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("vault tests need Unix file modes");
        }

        File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32(octal, 8));
    }

    internal static string Get(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("vault tests need Unix file modes");
        }

        return Convert.ToString((int)File.GetUnixFileMode(path), 8).PadLeft(4, '0');
    }
}
