using System.CommandLine;
using Agroal.Cli.Hosting;

namespace Agroal.Cli.Management;

/// <summary>
/// pgagroal-cli's options (<c>-c -h -p -U -P -L -F -v -T -C -E</c>), on the root and on every management command, so
/// they may come before the command as pgagroal-cli users write them, or after it. Not recursive: <c>admin</c> has
/// its own <c>-U -P -F</c> with other meanings, and its help must not list both.
/// </summary>
internal sealed class ManagementOptions
{
    public Option<string?> Config { get; } = new("--config", "-c") { Description = "Path to pgagroal.conf (finds the local socket)" };

    public Option<string?> Host { get; } = new("--host", "-h") { Description = "Host of the remote management port" };

    public Option<int?> Port { get; } = new("--port", "-p") { Description = "The remote management port" };

    public Option<string?> User { get; } = new("--user", "-U") { Description = "Admin user for remote management" };

    public Option<string?> Password { get; } = new("--password", "-P") { Description = "Admin password (prompted when omitted)" };

    public Option<string?> LogFile { get; } = new("--logfile", "-L") { Description = "Append a line per command to this file" };

    public Option<OutputFormat> Format { get; } = CliOptions.Format(recursive: false);

    public Option<bool> Verbose { get; } = new("--verbose", "-v") { Description = "Print what happened, also on success" };

    public Option<string?> Timeout { get; } = new("--timeout", "-T")
    {
        Description = "Deadline of 'shutdown gracefully' and 'flush gracefully' (30, 30s, 5m, 1h, 2d, 1w; 0: none; default flush_timeout)",
    };

    public Option<string?> Compress { get; } = new("--compress", "-C") { Description = "Compress the messages: none, gz, zstd, lz4, bz2" };

    public Option<string?> Encrypt { get; } = new("--encrypt", "-E")
    {
        Description = "Encrypt the messages with the master key: none, aes|aes256, aes192, aes128",
    };

    /// <summary>Adds the options to <paramref name="command"/> and to every command below it.</summary>
    public void AddToTree(Command command)
    {
        AddTo(command);
        foreach (var subcommand in command.Subcommands)
        {
            AddToTree(subcommand);
        }
    }

    public void AddTo(Command root)
    {
        root.Options.Add(Config);
        root.Options.Add(Host);
        root.Options.Add(Port);
        root.Options.Add(User);
        root.Options.Add(Password);
        root.Options.Add(LogFile);
        root.Options.Add(Format);
        root.Options.Add(Verbose);
        root.Options.Add(Timeout);
        root.Options.Add(Compress);
        root.Options.Add(Encrypt);
    }
}
