namespace Agroal.Actors.Configuration;

/// <summary>
/// Where each configuration file lives. Main and HBA files are mandatory; the others are null when absent.
/// The credential files are only located here; Security loads them.
/// </summary>
public sealed record ConfigurationPaths(
    string MainFile,
    string HbaFile,
    string? LimitsFile = null,
    string? UsersFile = null,
    string? FrontendUsersFile = null,
    string? AdminsFile = null,
    string? SuperuserFile = null)
{
    public const string DefaultDirectory = "/etc/pgagroal";
    public const string DirectoryEnvironmentVariable = "PGAGROAL_CONFIG_DIR";
    public const string MainFileName = "pgagroal.conf";
    public const string HbaFileName = "pgagroal_hba.conf";
    public const string LimitsFileName = "pgagroal_databases.conf";
    public const string UsersFileName = "pgagroal_users.conf";
    public const string FrontendUsersFileName = "pgagroal_frontend_users.conf";
    public const string AdminsFileName = "pgagroal_admins.conf";
    public const string SuperuserFileName = "pgagroal_superuser.conf";

    /// <summary>
    /// pgagroal's lookup: a per-file flag wins over the <c>-D</c> <paramref name="directory"/>, which wins over
    /// <c>PGAGROAL_CONFIG_DIR</c>; a file missing from that directory falls back to <c>/etc/pgagroal/&lt;file&gt;</c>.
    /// Optional files that end up not existing are null; explicitly given ones are kept so the loader can report them.
    /// </summary>
    public static ConfigurationPaths Resolve(
        string? config, string? hba, string? limit, string? users, string? frontend, string? admins, string? superuser,
        string? directory, Func<string, string?> env, Func<string, bool>? fileExists = null)
    {
        fileExists ??= File.Exists;
        var dir = !string.IsNullOrEmpty(directory) ? directory : env(DirectoryEnvironmentVariable);
        if (string.IsNullOrEmpty(dir))
        {
            dir = null;
        }

        string Pick(string? flag, string fileName)
        {
            if (!string.IsNullOrEmpty(flag))
            {
                return flag;
            }

            if (dir is not null)
            {
                var inDirectory = Path.Combine(dir, fileName);
                if (fileExists(inDirectory))
                {
                    return inDirectory;
                }
            }

            return Path.Combine(DefaultDirectory, fileName);
        }

        string? PickOptional(string? flag, string fileName)
        {
            if (!string.IsNullOrEmpty(flag))
            {
                return flag;
            }

            var path = Pick(null, fileName);
            return fileExists(path) ? path : null;
        }

        return new ConfigurationPaths(
            Pick(config, MainFileName),
            Pick(hba, HbaFileName),
            PickOptional(limit, LimitsFileName),
            PickOptional(users, UsersFileName),
            PickOptional(frontend, FrontendUsersFileName),
            PickOptional(admins, AdminsFileName),
            PickOptional(superuser, SuperuserFileName));
    }
}
