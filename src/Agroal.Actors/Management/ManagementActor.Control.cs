using System.Text.Json.Nodes;
using Akka.Actor;
using Agroal.Actors.Management.Wire;
using Agroal.Actors.Pool;

namespace Agroal.Actors.Management;

public sealed partial class ManagementActor
{
    /// <summary>pgagroal 2.0 spells "every database" <c>*</c>, HEAD <c>all</c>; both are accepted, <c>*</c> is passed on.</summary>
    public const string AllDatabases = "*";

    internal static bool IsAll(string? database) => database is null or "" or "*" or "all";

    private async Task<CommandResult> FlushAsync(ManagementRequest request)
    {
        var mode = request.GetInt(ManagementKeys.Mode) ?? (int)FlushMode.Gracefully;
        if (!Enum.IsDefined(typeof(FlushMode), mode))
        {
            return CommandResult.Fail(ManagementErrorCode.FlushFailed, $"unknown flush mode {mode}");
        }
        var database = request.GetString(ManagementKeys.Database);
        var target = IsAll(database) ? null : database;
        var result = await AskPoolAsync(new PoolProtocol.Flush((FlushMode)mode, target), ManagementErrorCode.FlushFailed).ConfigureAwait(false);
        // pgagroal HEAD bounds a graceful flush: Timeout seconds, or flush_timeout when absent or negative, 0 for none.
        if (result.Succeeded && (FlushMode)mode == FlushMode.Gracefully
            && (RequestedTimeout(request) ?? _settings.Configuration?.Current.Main.FlushTimeout ?? TimeSpan.Zero) is var deadline && deadline > TimeSpan.Zero)
        {
            return result with { ForceFlush = new ManagementProtocol.ForceFlush(target, deadline) };
        }
        return result;
    }

    private async Task<CommandResult> GracefullyAsync(ManagementRequest request)
    {
        var result = await AskPoolAsync(new PoolProtocol.BeginGracefulShutdown(RequestedTimeout(request)), ManagementErrorCode.OperationFailed).ConfigureAwait(false);
        return result.Succeeded ? result with { Change = new ManagementStateChange(GracefulRequested: true) } : result;
    }

    private async Task<CommandResult> CancelShutdownAsync()
    {
        var result = await AskPoolAsync(PoolProtocol.CancelShutdown.Instance, ManagementErrorCode.OperationFailed).ConfigureAwait(false);
        return result.Succeeded ? result with { Change = new ManagementStateChange(GracefulRequested: false) } : result;
    }

    /// <summary>The request's Timeout (pgagroal HEAD, seconds): null when absent or negative (use flush_timeout), zero for no limit.</summary>
    private static TimeSpan? RequestedTimeout(ManagementRequest request) =>
        ManagementDocument.TryGetLong(request.Arguments, ManagementKeys.Timeout, out var seconds) && seconds >= 0
            ? TimeSpan.FromSeconds(Math.Min(seconds, (long)TimeSpan.MaxValue.TotalSeconds - 1))
            : null;

    private async Task<CommandResult> EnableAsync(ManagementRequest request)
    {
        var database = request.GetString(ManagementKeys.Database);
        var target = IsAll(database) ? AllDatabases : database!;
        var result = await AskPoolAsync(new PoolProtocol.EnableDatabase(target), ManagementErrorCode.OperationFailed).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return result;
        }
        ReportDatabase(request, target, enabled: true);
        return result with { Change = new ManagementStateChange(target, Enabled: true) };
    }

    private async Task<CommandResult> DisableAsync(ManagementRequest request)
    {
        var database = request.GetString(ManagementKeys.Database);
        var target = IsAll(database) ? AllDatabases : database!;
        var result = await AskPoolAsync(new PoolProtocol.DisableDatabase(target), ManagementErrorCode.OperationFailed).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return result;
        }
        ReportDatabase(request, target, enabled: false);
        return result with { Change = new ManagementStateChange(target, Enabled: false) };
    }

    private static void ReportDatabase(ManagementRequest request, string database, bool enabled)
    {
        ManagementDocument.ResponseOf(request.Document)[ManagementKeys.Databases] = new JsonArray
        {
            new JsonObject { [ManagementKeys.Database] = database, [ManagementKeys.Enabled] = enabled },
        };
    }

    private Task<CommandResult> SwitchToAsync(ManagementRequest request)
    {
        var server = request.GetString(ManagementKeys.Server);
        if (string.IsNullOrEmpty(server))
        {
            return Task.FromResult(CommandResult.Fail(ManagementErrorCode.SwitchToFailed, "switch-to needs a server"));
        }
        // In cluster mode with failover the coordinator makes the switch, and every node follows its view.
        return _settings.Cluster?.PrimaryViewFollower is { } follower
            ? AskAsync(follower, new Cluster.PrimaryViewFollowerProtocol.SwitchPrimary(server), ManagementErrorCode.SwitchToFailed)
            : AskPoolAsync(new PoolProtocol.SwitchTo(server), ManagementErrorCode.SwitchToFailed);
    }

    private Task<CommandResult> ClearServerAsync(ManagementRequest request)
    {
        var server = request.GetString(ManagementKeys.Server);
        if (string.IsNullOrEmpty(server))
        {
            return Task.FromResult(CommandResult.Fail(ManagementErrorCode.MissingArgument, "clear server needs a server"));
        }
        return _settings.Cluster?.PrimaryViewFollower is { } follower
            ? AskAsync(follower, new Cluster.PrimaryViewFollowerProtocol.ClearServer(server), ManagementErrorCode.OperationFailed)
            : AskPoolAsync(new PoolProtocol.ClearServer(server), ManagementErrorCode.OperationFailed);
    }

    private CommandResult Shutdown() =>
        _settings.ShutdownImmediately is { } stop
            ? new CommandResult(0, AfterReply: stop)
            : CommandResult.Fail(ManagementErrorCode.OperationFailed, "this endpoint cannot stop the pooler");

    private CommandResult ClearMetrics()
    {
        if (_settings.Metrics is not { } metrics)
        {
            return CommandResult.Fail(ManagementErrorCode.MetricsUnavailable, "metrics are not enabled in this pooler");
        }
        metrics.Clear();
        return CommandResult.Ok;
    }

    /// <summary>Sends an operator request to the pool; a refusal (today: "not supported") becomes an error outcome.</summary>
    private Task<CommandResult> AskPoolAsync(object message, int failureCode) => AskAsync(_settings.Pool, message, failureCode);

    private async Task<CommandResult> AskAsync(IActorRef target, object message, int failureCode)
    {
        try
        {
            var done = await target.Ask<PoolProtocol.Done>(message, _settings.AskTimeout).ConfigureAwait(false);
            return done.Success ? CommandResult.Ok : CommandResult.Fail(failureCode, done.Error ?? "the pool refused the request");
        }
        catch (AskTimeoutException)
        {
            return CommandResult.Fail(failureCode, "the pool did not answer in time");
        }
    }
}
