namespace Agroal.Actors.Configuration.Parsing;

/// <summary>
/// The user names of a vault file (<c>name:base64</c> lines). Only names are read, never passwords: the loader
/// needs them to check limits and frontend users; decrypting is the Security component's job.
/// </summary>
internal static class VaultUserNames
{
    public static IReadOnlySet<string> Read(string? path, string what, List<ConfigurationError> errors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (path is null)
        {
            return names;
        }

        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add(new ConfigurationError(path, 0, File.Exists(path) ? $"cannot read {what}: {e.Message}" : $"{what} not found"));
            return names;
        }

        foreach (var line in lines)
        {
            if (ConfigFileText.IsCommentOrBlank(line))
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                names.Add(line[..colon].Trim());
            }
        }

        return names;
    }
}
