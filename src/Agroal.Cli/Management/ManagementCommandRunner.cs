using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Agroal.Actors.Management.Client;
using Agroal.Actors.Management.Wire;
using Agroal.Cli.Hosting;

namespace Agroal.Cli.Management;

/// <summary>
/// Runs one management command: resolves the options, sends the request, prints the answer as text or as the JSON
/// document, and turns the outcome into pgagroal-cli's exit code.
/// </summary>
internal sealed class ManagementCommandRunner(CliConsole console, ManagementOptions options)
{
    public int Run(ParseResult result, string name, JsonObject request, Func<TextOutput, JsonObject, int> printText)
    {
        var invocation = ManagementInvocation.Resolve(result, options, console, out var error, out var exitCode);
        if (invocation is null)
        {
            console.Error.WriteLine($"agroal-cli: {error}");
            return exitCode;
        }
        return Run(invocation, name, request, printText);
    }

    /// <summary>
    /// Like <see cref="Run(ParseResult, string, JsonObject, Func{TextOutput, JsonObject, int})"/> for a command that names
    /// a database: a name the pooler does not know (not in the limits file, not an alias, not in use, not disabled)
    /// is refused before anything is sent, since pgagroal would accept it and do nothing.
    /// </summary>
    public int RunOnDatabase(ParseResult result, string name, string? database, Func<JsonObject> request, Func<TextOutput, JsonObject, int> printText)
    {
        var invocation = ManagementInvocation.Resolve(result, options, console, out var error, out var exitCode);
        if (invocation is null)
        {
            console.Error.WriteLine($"agroal-cli: {error}");
            return exitCode;
        }
        if (!KnownDatabases.IsEveryDatabase(database))
        {
            var known = KnownDatabases.Fetch(invocation, out error);
            if (known is null)
            {
                console.Error.WriteLine($"agroal-cli: {name}: {error}");
                return ExitCodes.Connection;
            }
            if (!known.Contains(database!))
            {
                console.Error.WriteLine($"agroal-cli: {name}: {KnownDatabases.Unknown(database!, known)}");
                return ExitCodes.Data;
            }
        }
        return Run(invocation, name, request(), printText);
    }

    public int Run(ManagementInvocation invocation, string name, JsonObject request, Func<TextOutput, JsonObject, int> printText)
    {
        if (invocation.Format != OutputFormat.Text)
        {
            request[ManagementKeys.Header]![ManagementKeys.Output] = invocation.Format == OutputFormat.Raw ? ManagementDocument.OutputRaw : ManagementDocument.OutputJson;
        }
        AddOperationTimeout(invocation, request);
        var reply = Send(invocation, request);
        Log(invocation, name, reply);
        if (reply.Document is not { } document)
        {
            console.Error.WriteLine($"agroal-cli: {name}: {reply.Error}");
            return ExitCodes.Connection;
        }
        var success = ManagementDocument.IsSuccess(document, out var code);
        if (invocation.Format == OutputFormat.Raw)
        {
            console.Out.WriteLine(reply.Json);
            return success ? ExitCodes.Ok : ExitCodes.Data;
        }
        if (invocation.Format == OutputFormat.Json)
        {
            // Written as pgagroal writes it: UTF-8 as is, so names read as they are instead of \u0022 escapes.
            console.Out.WriteLine(ManagementJson.Write(document, indented: true));
            return success ? ExitCodes.Ok : ExitCodes.Data;
        }
        if (!success)
        {
            var message = ManagementDocument.GetString(document[ManagementKeys.Outcome] as JsonObject, ManagementKeys.Message)
                ?? ManagementErrorCode.Describe(code);
            console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"agroal-cli: {name}: error {code}: {message}"));
            return ExitCodes.Data;
        }
        var response = document[ManagementKeys.Response] as JsonObject ?? [];
        var exit = printText(new TextOutput(console.Out, invocation.Verbose), response);
        if (exit == ExitCodes.Ok && invocation.Verbose)
        {
            console.Out.WriteLine($"{name}: success");
        }
        return exit;
    }

    /// <summary>-T goes with the two commands pgagroal HEAD bounds: flush (gracefully) and shutdown gracefully.</summary>
    private static void AddOperationTimeout(ManagementInvocation invocation, JsonObject request)
    {
        if (invocation.OperationTimeout is not { } seconds
            || !ManagementDocument.TryGetInt(request[ManagementKeys.Header] as JsonObject, ManagementKeys.Command, out var command)
            || command is not ((int)ManagementCommandId.Flush or (int)ManagementCommandId.Gracefully))
        {
            return;
        }
        ManagementDocument.RequestOf(request)[ManagementKeys.Timeout] = seconds;
    }

    /// <summary>Sends without printing: the shell's completion and watch use it.</summary>
    public static ManagementReply Send(ManagementInvocation invocation, JsonObject request) =>
        ManagementClient.SendAsync(invocation.Target, request, invocation.Timeout).GetAwaiter().GetResult();

    private static void Log(ManagementInvocation invocation, string name, ManagementReply reply)
    {
        if (invocation.LogFile is not { Length: > 0 } path)
        {
            return;
        }
        var outcome = reply.Document is { } document
            ? ManagementDocument.IsSuccess(document, out var code) ? "success" : $"error {code}"
            : $"failed: {reply.Error}";
        var line = string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.Now:yyyy-MM-dd HH:mm:ss} {name} {invocation.Target}: {outcome}{Environment.NewLine}");
        try
        {
            File.AppendAllText(path, line);
        }
        catch (IOException)
        {
        }
    }
}
