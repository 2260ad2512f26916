using System.Security.Cryptography;

namespace Agroal.Tests.Integration.Fixtures;

/// <summary>A fresh 0700 directory, deleted with everything in it on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private TempDirectory(string path) => Path = path;

    public string Path { get; }

    /// <param name="prefix">Full path prefix, e.g. <c>/tmp/agroal-pg</c>; a random suffix is appended.</param>
    public static TempDirectory Create(string prefix = "/tmp/agroal-test")
    {
        for (var attempt = 0; ; attempt++)
        {
            var path = prefix + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5));
            if (Directory.Exists(path) && attempt < 10)
            {
                continue;
            }
            if (OperatingSystem.IsWindows())
            {
                throw new PlatformNotSupportedException("the test fixtures need a Unix system");
            }
            Directory.CreateDirectory(path, OwnerOnly);
            return new TempDirectory(path);
        }
    }

    public string Combine(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (IOException)
        {
            // A process still writing into it; one more try is all a test teardown can afford.
            Thread.Sleep(100);
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
