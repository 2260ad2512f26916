using Agroal.Actors.Configuration;

namespace Agroal.Tests.Configuration;

/// <summary>Writes configuration files into a private temporary directory and loads them.</summary>
internal sealed class TempConfig : IDisposable
{
    public const string MainHeader = "[pgagroal]\n";
    public const string MainRequired = "host = localhost\nport = 2345\nunix_socket_dir = /tmp\n";
    public const string PrimaryServer = "\n[primary]\nhost = localhost\nport = 5432\n";
    public const string TrustAll = "host all all all trust\n";

    public TempConfig()
    {
        Directory = Path.Combine(Path.GetTempPath(), "agroal-config-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public string? MainFile { get; private set; }

    public string? HbaFile { get; private set; }

    public string? LimitsFile { get; private set; }

    public string? UsersFile { get; private set; }

    public string? FrontendUsersFile { get; private set; }

    public string? SuperuserFile { get; private set; }

    /// <summary>A valid main file whose first key lines (from line 2) are <paramref name="mainKeys"/>.</summary>
    public static TempConfig WithMainKeys(string mainKeys, string servers = PrimaryServer, string hba = TrustAll)
    {
        var config = new TempConfig();
        config.Main(MainHeader + mainKeys + "\n" + MainRequired + servers).Hba(hba);
        return config;
    }

    public TempConfig Main(string text)
    {
        MainFile = Write("pgagroal.conf", text);
        return this;
    }

    public TempConfig Hba(string text)
    {
        HbaFile = Write("pgagroal_hba.conf", text);
        return this;
    }

    public TempConfig Limits(string text)
    {
        LimitsFile = Write("pgagroal_databases.conf", text);
        return this;
    }

    public TempConfig Users(params string[] names)
    {
        UsersFile = Write("pgagroal_users.conf", string.Concat(names.Select(n => n + ":c2VjcmV0\n")));
        return this;
    }

    public TempConfig FrontendUsers(params string[] names)
    {
        FrontendUsersFile = Write("pgagroal_frontend_users.conf", string.Concat(names.Select(n => n + ":c2VjcmV0\n")));
        return this;
    }

    public TempConfig Superuser(string name)
    {
        SuperuserFile = Write("pgagroal_superuser.conf", name + ":c2VjcmV0\n");
        return this;
    }

    public string Write(string name, string text)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    public ConfigurationPaths Paths => new(
        MainFile ?? Path.Combine(Directory, "pgagroal.conf"),
        HbaFile ?? Path.Combine(Directory, "pgagroal_hba.conf"),
        LimitsFile, UsersFile, FrontendUsersFile, null, SuperuserFile);

    public ConfigurationLoadResult Load(Func<string, string?>? environment = null) =>
        ConfigurationLoader.Load(Paths, environment ?? (_ => null));

    public AgroalConfiguration LoadValid(Func<string, string?>? environment = null)
    {
        var result = Load(environment);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return result.Configuration;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
