using System.CommandLine;
using System.Globalization;
using Agroal.Actors.Configuration;
using Agroal.Actors.Configuration.Parsing;
using Agroal.Actors.Management;
using Agroal.Actors.Management.Client;
using Agroal.Cli.Hosting;

namespace Agroal.Cli.Management;

/// <summary>The options of one management command, resolved: where to connect, how to print, how long to wait.</summary>
internal sealed record ManagementInvocation(ManagementTarget Target, OutputFormat Format, bool Verbose, TimeSpan Timeout, string? LogFile)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Null with <paramref name="error"/> and <paramref name="exitCode"/> set when the options do not make a usable
    /// target: <see cref="ExitCodes.Usage"/> for options that contradict each other or do not parse,
    /// <see cref="ExitCodes.Connection"/> when the configuration that locates the pooler cannot be read.
    /// </summary>
    public static ManagementInvocation? Resolve(ParseResult result, ManagementOptions options, CliConsole console, out string error, out int exitCode)
    {
        error = "";
        exitCode = ExitCodes.Usage;
        var format = result.GetValue(options.Format);
        var verbose = result.GetValue(options.Verbose);
        var logFile = result.GetValue(options.LogFile);
        if (!TryParseTimeout(result.GetValue(options.Timeout), out var timeout))
        {
            error = "invalid --timeout: use seconds, or a number with ms, s, m";
            return null;
        }
        if (!IsNone(result.GetValue(options.Compress)) || !IsNone(result.GetValue(options.Encrypt)))
        {
            error = "compression and encryption of management messages are not supported: use -C none -E none";
            return null;
        }

        var host = result.GetValue(options.Host);
        if (host is not null)
        {
            var port = result.GetValue(options.Port);
            var user = result.GetValue(options.User);
            if (port is null or <= 0 || string.IsNullOrEmpty(user))
            {
                error = "remote management needs --port and --user with --host";
                return null;
            }
            var password = result.GetValue(options.Password);
            if (password is null)
            {
                if (!console.InputIsTerminal)
                {
                    error = "no password: give --password or run from a terminal";
                    return null;
                }
                console.Out.Write("Password : ");
                password = console.ReadSecretLine() ?? "";
                console.Out.WriteLine();
            }
            return new ManagementInvocation(ManagementTarget.Remote(host, port.Value, user, password), format, verbose, timeout, logFile);
        }

        var socket = LocalSocketPath(result.GetValue(options.Config), console.Environment, out error);
        exitCode = ExitCodes.Connection;
        return socket is null ? null : new ManagementInvocation(ManagementTarget.Local(socket), format, verbose, timeout, logFile);
    }

    /// <summary>The local socket named by pgagroal.conf's unix_socket_dir, as pgagroal-cli finds it through -c.</summary>
    internal static string? LocalSocketPath(string? configPath, Func<string, string?> environment, out string error)
    {
        error = "";
        var path = configPath;
        if (string.IsNullOrEmpty(path))
        {
            var directory = environment(ConfigurationPaths.DirectoryEnvironmentVariable);
            path = Path.Combine(string.IsNullOrEmpty(directory) ? ConfigurationPaths.DefaultDirectory : directory, ConfigurationPaths.MainFileName);
        }
        var errors = new List<ConfigurationError>();
        var parsed = MainFileParser.Parse(path, environment, errors, []);
        if (!parsed.FileRead)
        {
            error = $"cannot read the configuration {path}: use -c, or -h/-p/-U for remote management";
            return null;
        }
        if (string.IsNullOrEmpty(parsed.Main.UnixSocketDir))
        {
            error = $"{path} has no unix_socket_dir";
            return null;
        }
        return Path.Combine(parsed.Main.UnixSocketDir, ManagementEndpointSettings.SocketName);
    }

    internal static bool TryParseTimeout(string? text, out TimeSpan timeout)
    {
        timeout = DefaultTimeout;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }
        var trimmed = text.Trim().ToLowerInvariant();
        var (number, unit) = trimmed.EndsWith("ms", StringComparison.Ordinal) ? (trimmed[..^2], 0.001)
            : trimmed.EndsWith('s') ? (trimmed[..^1], 1.0)
            : trimmed.EndsWith('m') ? (trimmed[..^1], 60.0)
            : (trimmed, 1.0);
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value <= 0)
        {
            return false;
        }
        timeout = TimeSpan.FromSeconds(value * unit);
        return true;
    }

    private static bool IsNone(string? value) => value is null || string.Equals(value, "none", StringComparison.OrdinalIgnoreCase);
}
