using System.Globalization;
using System.Net;
using System.Text;
using Agroal.Actors.Metrics;
using Agroal.Actors.Pool;

namespace Agroal.Actors.WebConsole;

/// <summary>
/// The console's HTML: one self-refreshing page (a meta refresh, no script) with the pool, its servers, its limits
/// and every connection slot in use. Every value from a client or a file is HTML-encoded.
/// </summary>
internal static class ConsolePage
{
    public static string Render(ConsoleView view)
    {
        var html = new StringBuilder(16 * 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n  <meta charset=\"utf-8\"/>\n")
            .Append("  <meta http-equiv=\"refresh\" content=\"").Append(view.RefreshSeconds.ToString(CultureInfo.InvariantCulture)).Append("\"/>\n")
            .Append("  <title>agroal console</title>\n")
            .Append("  <style>body { font-family: sans-serif; } table { border-collapse: collapse; margin-bottom: 1em; } ")
            .Append("td, th { border: 1px solid #444; padding: 2px 8px; text-align: left; } .down { color: #b00; }</style>\n")
            .Append("</head>\n<body>\n  <h1>agroal console</h1>\n");
        html.Append("  <p id=\"taken\">").Append(Encode(view.Taken.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)))
            .Append(", refreshed every ").Append(view.RefreshSeconds.ToString(CultureInfo.InvariantCulture)).Append(" s</p>\n");
        Pool(html, view);
        Servers(html, view);
        Limits(html, view);
        Connections(html, view);
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void Pool(StringBuilder html, ConsoleView view)
    {
        html.Append("  <h2>Pool</h2>\n  <table id=\"pool\">\n");
        Row(html, "State", view.GracefulShutdown ? "Graceful shutdown" : "Running");
        Row(html, "Pipeline", view.Pipeline);
        Row(html, "Active connections", view.Status is { } status ? Number(status.Active) : "unknown");
        Row(html, "Total connections", view.Status is { } total ? Number(total.Total) : "unknown");
        Row(html, "Max connections", Number(view.MaxConnections));
        Row(html, "Waiting clients", view.Status is { } waiting ? Number(waiting.Waiting) : "unknown");
        Row(html, "Active clients", Number(view.ActiveClients));
        Row(html, "Authenticating clients", Number(view.AuthenticatingClients));
        html.Append("  </table>\n");
    }

    private static void Servers(StringBuilder html, ConsoleView view)
    {
        html.Append("  <h2>Servers</h2>\n  <table id=\"servers\">\n    <tr><th>Server</th><th>Host</th><th>Port</th><th>State</th><th>Health</th><th>Version</th><th>Errors</th></tr>\n");
        foreach (var server in view.Servers?.List ?? [])
        {
            var health = server.Probed ? (server.Down ? "down" : "up") : (server.Down ? "down" : "unknown");
            html.Append("    <tr").Append(server.Down ? " class=\"down\"" : "").Append("><td>").Append(Encode(server.Name)).Append("</td><td>")
                .Append(Encode(server.Host)).Append("</td><td>").Append(Number(server.Port)).Append("</td><td>")
                .Append(MetricsCollector.ServerStateLabel(server.State)).Append("</td><td>").Append(health).Append("</td><td>")
                .Append(server.MajorVersion > 0 ? Number(server.MajorVersion) : "").Append("</td><td>")
                .Append(server.Errors.ToString(CultureInfo.InvariantCulture)).Append("</td></tr>\n");
        }
        html.Append("  </table>\n");
    }

    private static void Limits(StringBuilder html, ConsoleView view)
    {
        html.Append("  <h2>Limits</h2>\n  <table id=\"limits\">\n    <tr><th>Database</th><th>User</th><th>Active</th><th>Max</th><th>Initial</th><th>Min</th></tr>\n");
        foreach (var rule in view.Limits.Rules)
        {
            var active = 0;
            foreach (var slot in view.Status?.Slots ?? [])
            {
                if (slot.State is SlotState.InUse or SlotState.Gracefully && slot.User is { } user && slot.Database is { } database
                    && ReferenceEquals(view.Limits.FindRule(user, database), rule))
                {
                    active++;
                }
            }
            html.Append("    <tr><td>").Append(Encode(rule.Database)).Append("</td><td>").Append(Encode(rule.User)).Append("</td><td>")
                .Append(Number(active)).Append("</td><td>").Append(Number(rule.MaxSize)).Append("</td><td>").Append(Number(rule.InitialSize))
                .Append("</td><td>").Append(Number(rule.MinSize)).Append("</td></tr>\n");
        }
        html.Append("  </table>\n");
    }

    private static void Connections(StringBuilder html, ConsoleView view)
    {
        html.Append("  <h2>Connections</h2>\n  <table id=\"connections\">\n")
            .Append("    <tr><th>Slot</th><th>State</th><th>User</th><th>Database</th><th>Application</th><th>Server</th><th>Client</th><th>Queries</th></tr>\n");
        foreach (var slot in view.Status?.Slots ?? [])
        {
            html.Append("    <tr><td>").Append(Number(slot.SlotId)).Append("</td><td>").Append(MetricsCollector.StateLabel(slot.State)).Append("</td><td>")
                .Append(Encode(slot.User)).Append("</td><td>").Append(Encode(slot.Database)).Append("</td><td>").Append(Encode(slot.ApplicationName))
                .Append("</td><td>").Append(Encode(slot.Server)).Append("</td><td>").Append(Encode(slot.Client)).Append("</td><td>")
                .Append(slot.Queries.ToString(CultureInfo.InvariantCulture)).Append("</td></tr>\n");
        }
        html.Append("  </table>\n");
    }

    private static void Row(StringBuilder html, string name, string value) =>
        html.Append("    <tr><th>").Append(name).Append("</th><td>").Append(Encode(value)).Append("</td></tr>\n");

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");
}
