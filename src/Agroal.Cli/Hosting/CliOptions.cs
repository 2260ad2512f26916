using System.CommandLine;

namespace Agroal.Cli.Hosting;

/// <summary>Options that several command groups share, built the same way everywhere.</summary>
internal static class CliOptions
{
    /// <summary><c>-F, --format text|json</c>; <paramref name="recursive"/> lets it follow any subcommand of its command.</summary>
    internal static Option<OutputFormat> Format(bool recursive = true)
    {
        var option = new Option<OutputFormat>("--format", "-F")
        {
            Description = "Output format: text, json or raw",
            HelpName = "text|json|raw",
            Recursive = recursive,
            DefaultValueFactory = static _ => OutputFormat.Text,
            CustomParser = static result =>
            {
                var text = result.Tokens.Count == 0 ? "text" : result.Tokens[0].Value;
                if (string.Equals(text, "json", StringComparison.OrdinalIgnoreCase))
                {
                    return OutputFormat.Json;
                }

                if (string.Equals(text, "raw", StringComparison.OrdinalIgnoreCase))
                {
                    return OutputFormat.Raw;
                }

                if (!string.Equals(text, "text", StringComparison.OrdinalIgnoreCase))
                {
                    result.AddError($"unknown format '{text}': use text, json or raw");
                }

                return OutputFormat.Text;
            },
        };
        return option;
    }
}
