using Agroal.Actors.Configuration.Parsing;

namespace Agroal.Actors.Configuration;

/// <summary>Reads pgagroal.conf, pgagroal_hba.conf and pgagroal_databases.conf into one validated snapshot.</summary>
public static class ConfigurationLoader
{
    /// <summary>
    /// Loads and validates every file. All errors are collected (not only the first); warnings are kept in both outcomes.
    /// <paramref name="environment"/> resolves <c>$VAR</c> in path-like values; the process environment by default.
    /// </summary>
    public static ConfigurationLoadResult Load(ConfigurationPaths paths, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        environment ??= Environment.GetEnvironmentVariable;
        var errors = new List<ConfigurationError>();
        var warnings = new List<ConfigurationWarning>();

        var parsed = MainFileParser.Parse(paths.MainFile, environment, errors, warnings);
        var hba = HbaFileParser.Parse(paths.HbaFile, errors);
        var limits = paths.LimitsFile is null
            ? LimitTable.Empty
            : LimitsFileParser.Parse(paths.LimitsFile, parsed.Main.MaxConnections, errors, warnings);
        CheckOptionalFiles(paths, errors);

        // Without a readable main file every cross-check would fail; the read error says it all.
        var main = parsed.Main;
        if (parsed.FileRead)
        {
            var validator = new ConfigurationValidator(paths, parsed.MainKeyLines, parsed.ServerLines, parsed.GivenServerKeys, errors, warnings);
            main = validator.Validate(parsed.Main, parsed.Servers, hba, limits);
        }

        if (errors.Count > 0)
        {
            return ConfigurationLoadResult.Failure(errors, warnings);
        }

        return ConfigurationLoadResult.Success(new AgroalConfiguration(main, parsed.Servers, hba, limits, paths, warnings));
    }

    private static void CheckOptionalFiles(ConfigurationPaths paths, List<ConfigurationError> errors)
    {
        foreach (var (path, what) in new[]
                 {
                     (paths.UsersFile, "users file"), (paths.FrontendUsersFile, "frontend users file"),
                     (paths.AdminsFile, "admins file"), (paths.SuperuserFile, "superuser file"),
                 })
        {
            if (path is not null && !File.Exists(path))
            {
                errors.Add(new ConfigurationError(path, 0, $"{what} not found"));
            }
        }
    }
}
