using System.CommandLine;
using System.Globalization;
using Agroal.Actors.Configuration;
using Agroal.Actors.Configuration.Parsing;
using Agroal.Actors.Management;
using Agroal.Actors.Management.Client;
using Agroal.Actors.Security.Vault;
using Agroal.Cli.Hosting;

namespace Agroal.Cli.Management;

/// <summary>The options of one management command, resolved: where to connect, how to print, how long to wait.</summary>
/// <param name="Timeout">How long to wait for the answer.</param>
/// <param name="OperationTimeout">-T: the deadline sent with flush and shutdown gracefully (seconds), or null for flush_timeout.</param>
internal sealed record ManagementInvocation(ManagementTarget Target, OutputFormat Format, bool Verbose, TimeSpan Timeout, string? LogFile,
    long? OperationTimeout = null)
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
        var timeout = DefaultTimeout;
        if (!WireChoices.TryParseDuration(result.GetValue(options.Timeout), out var operationTimeout))
        {
            error = $"invalid --timeout '{result.GetValue(options.Timeout)}': use a non-negative duration (0, 30, 30s, 5m, 1h, 2d, 1w)";
            return null;
        }
        if (!WireChoices.TryParseCompression(result.GetValue(options.Compress), out var compression))
        {
            error = $"unknown --compress '{result.GetValue(options.Compress)}': use none, gz, zstd, lz4 or bz2";
            return null;
        }
        if (!WireChoices.TryParseEncryption(result.GetValue(options.Encrypt), out var encryption))
        {
            error = $"unknown --encrypt '{result.GetValue(options.Encrypt)}': use none, aes256, aes192 or aes128";
            return null;
        }
        var environment = console.Environment;
        ManagementTarget Wire(ManagementTarget target) => target with
        {
            Compression = compression,
            Encryption = encryption,
            MasterKey = () => MasterKey.LoadDefault(environment),
        };

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
            var remote = Wire(ManagementTarget.Remote(host, port.Value, user, password)) with { Tls = ManagementClientTls.FromHome(environment) };
            return new ManagementInvocation(remote, format, verbose, timeout, logFile, operationTimeout);
        }

        var socket = LocalSocketPath(result.GetValue(options.Config), console.Environment, out error);
        exitCode = ExitCodes.Connection;
        return socket is null
            ? null
            : new ManagementInvocation(Wire(ManagementTarget.Local(socket.Value.Instance, socket.Value.Shared)), format, verbose, timeout, logFile, operationTimeout);
    }

    /// <summary>
    /// The local sockets named by pgagroal.conf's unix_socket_dir and port, as pgagroal-cli finds them through -c: the
    /// per-instance <c>.s.pgagroal.&lt;port&gt;</c> of 2.1 first, then 2.0's shared <c>.s.pgagroal</c>.
    /// </summary>
    internal static (string Instance, string Shared)? LocalSocketPath(string? configPath, Func<string, string?> environment, out string error)
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
        return (Path.Combine(parsed.Main.UnixSocketDir, ManagementEndpointSettings.InstanceSocketName(parsed.Main.Port)),
            Path.Combine(parsed.Main.UnixSocketDir, ManagementEndpointSettings.SocketName));
    }

}
