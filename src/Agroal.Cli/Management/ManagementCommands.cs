using System.CommandLine;
using System.Text.Json.Nodes;
using Agroal.Actors.Management.Client;
using Agroal.Actors.Management.Wire;
using Agroal.Cli.Hosting;
using Agroal.Cli.Management.Shell;

namespace Agroal.Cli.Management;

/// <summary>pgagroal-cli's commands: flush, ping, enable, disable, shutdown, status, switch-to, conf, clear, and the shell; agroal's cluster.</summary>
internal static class ManagementCommands
{
    private static readonly string[] FlushModes = ["gracefully", "idle", "all"];

    internal static IEnumerable<Command> Create(CliConsole console, ManagementOptions options)
    {
        var runner = new ManagementCommandRunner(console, options);
        yield return Flush(runner);
        yield return Simple(runner, "ping", "Check that the pooler is running", ManagementCommandId.Ping, TextPrinters.Nothing);
        yield return Database(runner, "enable", "Accept new connections to a database again (or all)", ManagementRequests.Enable);
        yield return Database(runner, "disable", "Refuse new connections to a database (or all)", ManagementRequests.Disable);
        yield return Shutdown(runner);
        yield return Status(runner);
        yield return Server(runner, "switch-to", "Make a server the primary", ManagementRequests.SwitchTo);
        yield return Conf(runner, console);
        yield return Clear(runner);
        yield return Cluster(runner);
        yield return ShellCommand.Create(console, options);
    }

    private static Command Flush(ManagementCommandRunner runner)
    {
        var first = new Argument<string?>("mode") { Description = "gracefully (default), idle or all; or a database", Arity = ArgumentArity.ZeroOrOne };
        var second = new Argument<string?>("database") { Description = "A database, or all (default)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("flush", "Close pooled connections: gracefully (when returned), idle only, or all") { first, second };
        command.SetAction(result =>
        {
            var a = result.GetValue(first);
            var b = result.GetValue(second);
            string mode = "gracefully";
            string? database = b;
            if (a is not null && FlushModes.Contains(a, StringComparer.OrdinalIgnoreCase))
            {
                mode = a.ToLowerInvariant();
            }
            else if (a is not null)
            {
                if (b is not null)
                {
                    result.InvocationConfiguration.Error.WriteLine($"agroal-cli: flush: unknown mode '{a}': use gracefully, idle or all");
                    return ExitCodes.Usage;
                }
                database = a;
            }
            var modeId = mode switch { "idle" => 0, "all" => 2, _ => 1 };
            var what = KnownDatabases.IsEveryDatabase(database) ? "every database" : $"database {database}";
            var effect = mode switch
            {
                "idle" => "idle connections close now",
                "all" => "every connection closes now, cutting its client",
                _ => "idle connections close now, in-use ones when their clients return them",
            };
            return runner.RunOnDatabase(result, "flush", database, () => ManagementRequests.Flush(modeId, WireDatabase(database)),
                TextPrinters.Message($"Flush {mode} of {what}: {effect}"));
        });
        return command;
    }

    private static Command Simple(ManagementCommandRunner runner, string name, string description, ManagementCommandId id, Func<TextOutput, JsonObject, int> print)
    {
        var command = new Command(name, description);
        command.SetAction(result => runner.Run(result, name, ManagementRequests.Simple(id), print));
        return command;
    }

    private static Command Database(ManagementCommandRunner runner, string name, string description, Func<string, int, JsonObject> request)
    {
        var database = new Argument<string?>("database") { Description = "A database, or all (default)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command(name, description) { database };
        command.SetAction(result =>
        {
            var named = result.GetValue(database);
            var what = KnownDatabases.IsEveryDatabase(named) ? "Every database" : $"Database {named}";
            var effect = name == "enable" ? "enabled: new connections are accepted" : "disabled: new connections are refused, open sessions carry on";
            return runner.RunOnDatabase(result, name, named, () => request(WireDatabase(named), ManagementDocument.OutputText),
                TextPrinters.Message($"{what} {effect}"));
        });
        return command;
    }

    private static Command Shutdown(ManagementCommandRunner runner)
    {
        var mode = new Argument<string?>("mode") { Description = "gracefully (default), immediate or cancel", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("shutdown", "Stop the pooler: gracefully (when clients are gone), immediate, or cancel a graceful one") { mode };
        command.SetAction(result =>
        {
            var (id, message) = (result.GetValue(mode) ?? "gracefully").ToLowerInvariant() switch
            {
                "gracefully" => (ManagementCommandId.Gracefully, "Graceful shutdown started"),
                "immediate" => (ManagementCommandId.Shutdown, "Shutting down"),
                "cancel" => (ManagementCommandId.CancelShutdown, "Graceful shutdown cancelled"),
                _ => (ManagementCommandId.Unknown, ""),
            };
            if (id == ManagementCommandId.Unknown)
            {
                result.InvocationConfiguration.Error.WriteLine("agroal-cli: shutdown: use gracefully, immediate or cancel");
                return ExitCodes.Usage;
            }
            return runner.Run(result, "shutdown", ManagementRequests.Simple(id), TextPrinters.Message(message));
        });
        return command;
    }

    private static Command Status(ManagementCommandRunner runner)
    {
        var details = new Argument<string?>("details") { Description = "details: also limits, databases and every connection", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("status", "Show the pool: connections and servers; 'status details' adds every slot") { details };
        command.SetAction(result =>
        {
            var detailed = result.GetValue(details) is { } word;
            if (detailed && !string.Equals(result.GetValue(details), "details", StringComparison.OrdinalIgnoreCase))
            {
                result.InvocationConfiguration.Error.WriteLine("agroal-cli: status: the only option is 'details'");
                return ExitCodes.Usage;
            }
            return detailed
                ? runner.Run(result, "status details", ManagementRequests.Simple(ManagementCommandId.Details), TextPrinters.Details)
                : runner.Run(result, "status", ManagementRequests.Simple(ManagementCommandId.Status), TextPrinters.Status);
        });
        return command;
    }

    private static Command Server(ManagementCommandRunner runner, string name, string description, Func<string, int, JsonObject> request)
    {
        var server = new Argument<string>("server") { Description = "The server section name" };
        var command = new Command(name, description) { server };
        command.SetAction(result => runner.Run(result, name, request(result.GetValue(server)!, ManagementDocument.OutputText), TextPrinters.Message(name == "switch-to" ? $"Server {result.GetValue(server)} is now the primary" : $"{name}: done")));
        return command;
    }

    private static Command Conf(ManagementCommandRunner runner, CliConsole console)
    {
        var conf = new Command("conf", "Read or change the configuration");

        var reload = new Command("reload", "Re-read the configuration files (as SIGHUP)");
        reload.SetAction(result => runner.Run(result, "conf reload", ManagementRequests.Simple(ManagementCommandId.Reload), TextPrinters.Reload));
        conf.Add(reload);

        var key = new Argument<string?>("key") { Description = "key, pgagroal.key, server.<name>.key, limit.<db>.key or hba.<user>.key", Arity = ArgumentArity.ZeroOrOne };
        var get = new Command("get", "Print one value, or the whole configuration") { key };
        get.SetAction(result => runner.Run(result, "conf get", ManagementRequests.Simple(ManagementCommandId.ConfigGet), TextPrinters.ConfGet(result.GetValue(key), console.Error)));
        conf.Add(get);

        var setKey = new Argument<string>("key") { Description = "The key to change" };
        var setValue = new Argument<string>("value") { Description = "The new value, in config syntax" };
        var set = new Command("set", "Change a value: applied at once when it changes live, else kept for a restart") { setKey, setValue };
        set.SetAction(result => runner.Run(result, "conf set", ManagementRequests.ConfSet(result.GetValue(setKey)!, result.GetValue(setValue)!), TextPrinters.ConfSet));
        conf.Add(set);

        var ls = new Command("ls", "List the configuration files");
        ls.SetAction(result => runner.Run(result, "conf ls", ManagementRequests.Simple(ManagementCommandId.ConfigLs), TextPrinters.ConfLs));
        conf.Add(ls);

        var alias = new Command("alias", "List the databases with their aliases and limits");
        alias.SetAction(result => runner.Run(result, "conf alias", ManagementRequests.Simple(ManagementCommandId.ConfigAlias), TextPrinters.ConfAlias));
        conf.Add(alias);
        return conf;
    }

    private static Command Clear(ManagementCommandRunner runner)
    {
        var target = new Argument<string?>("target") { Description = "prometheus, server <name>, or a server name", Arity = ArgumentArity.ZeroOrOne };
        var name = new Argument<string?>("name") { Description = "The server (with 'server')", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("clear", "Reset the metrics (clear prometheus) or a failed server (clear server <name>)") { target, name };
        command.SetAction(result =>
        {
            var what = result.GetValue(target);
            if (what is null)
            {
                result.InvocationConfiguration.Error.WriteLine(
                    "agroal-cli: clear: say what to clear: 'clear prometheus' resets the metrics, 'clear server <name>' returns a failed server to service");
                return ExitCodes.Usage;
            }
            if (string.Equals(what, "prometheus", StringComparison.OrdinalIgnoreCase))
            {
                return runner.Run(result, "clear prometheus", ManagementRequests.Simple(ManagementCommandId.ClearPrometheus), TextPrinters.Message("Metrics cleared"));
            }
            var server = string.Equals(what, "server", StringComparison.OrdinalIgnoreCase) ? result.GetValue(name) : what;
            if (string.IsNullOrEmpty(server))
            {
                result.InvocationConfiguration.Error.WriteLine("agroal-cli: clear server: which server? (clear server <name>)");
                return ExitCodes.Usage;
            }
            return runner.Run(result, "clear server", ManagementRequests.ClearServer(server), TextPrinters.Message($"Server {server} cleared: back in service"));
        });
        return command;
    }

    private static Command Cluster(ManagementCommandRunner runner)
    {
        var cluster = new Command("cluster", "Cluster mode: the members as this node sees them, or ask a member to leave or be downed");

        var members = new Command("members", "List the members: address, status, roles, reachability, the leader, where the coordinator runs, and this node's share of each budget");
        members.SetAction(result => runner.Run(result, "cluster members", ManagementRequests.Simple(ManagementCommandId.ClusterMembers), TextPrinters.ClusterMembers));
        cluster.Add(members);

        var leaveAddress = new Argument<string>("address") { Description = "The member's address (as cluster members lists it) or its host:port" };
        var leave = new Command("leave", "Ask a member to leave gracefully: it hands over, closes its backends and exits") { leaveAddress };
        leave.SetAction(result => runner.Run(result, "cluster leave", ManagementRequests.ClusterLeave(result.GetValue(leaveAddress)!),
            TextPrinters.Message($"Member {result.GetValue(leaveAddress)} asked to leave")));
        cluster.Add(leave);

        var downAddress = new Argument<string>("address") { Description = "The member's address (as cluster members lists it) or its host:port" };
        var down = new Command("down", "Mark a member Down: it stops accepting clients and closes its backends; restart it to rejoin") { downAddress };
        down.SetAction(result => runner.Run(result, "cluster down", ManagementRequests.ClusterDown(result.GetValue(downAddress)!),
            TextPrinters.Message($"Member {result.GetValue(downAddress)} marked Down")));
        cluster.Add(down);
        return cluster;
    }

    /// <summary>pgagroal 2.0 servers know "*" for every database; both "all" and nothing mean that.</summary>
    internal static string WireDatabase(string? database) => database is null or "all" or "*" ? "*" : database;
}
