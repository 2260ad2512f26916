namespace Agroal.Actors.Hosting;

/// <summary>
/// The configuration files to read. Per-file flags win over <c>-D</c>, which wins over
/// <c>PGAGROAL_CONFIG_DIR</c>; a file missing from that directory falls back to its default path.
/// Optional files (limits, users, frontend users, admins, superuser) are null when no file exists.
/// </summary>
public sealed record ConfigurationPaths(
    string Config,
    string Hba,
    string? Limit,
    string? Users,
    string? FrontendUsers,
    string? Admins,
    string? Superuser)
{
    public const string DefaultDirectory = "/etc/pgagroal";
    public const string DirectoryVariable = "PGAGROAL_CONFIG_DIR";

    public static ConfigurationPaths Resolve(
        CommandLineOptions options, Func<string, string?> environment, Func<string, bool> fileExists)
    {
        var directory = options.ConfigDirectory ?? NullIfEmpty(environment(DirectoryVariable));

        string? Pick(string? given, string fileName, bool required)
        {
            if (given is not null)
            {
                return given;
            }
            if (directory is not null)
            {
                var inDirectory = Path.Combine(directory, fileName);
                if (fileExists(inDirectory))
                {
                    return inDirectory;
                }
            }
            var fallback = Path.Combine(DefaultDirectory, fileName);
            return required || fileExists(fallback) ? fallback : null;
        }

        return new ConfigurationPaths(
            Pick(options.ConfigPath, "pgagroal.conf", required: true)!,
            Pick(options.HbaPath, "pgagroal_hba.conf", required: true)!,
            Pick(options.LimitPath, "pgagroal_databases.conf", required: false),
            Pick(options.UsersPath, "pgagroal_users.conf", required: false),
            Pick(options.FrontendUsersPath, "pgagroal_frontend_users.conf", required: false),
            Pick(options.AdminsPath, "pgagroal_admins.conf", required: false),
            Pick(options.SuperuserPath, "pgagroal_superuser.conf", required: false));
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
