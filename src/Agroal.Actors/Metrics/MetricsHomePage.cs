using System.Net;
using System.Text;

namespace Agroal.Actors.Metrics;

/// <summary>The HTML page served on <c>/</c>: a link to /metrics and, per family, its type, meaning and labels.</summary>
public static class MetricsHomePage
{
    private static readonly Lazy<byte[]> Page = new(Render);

    public static byte[] Utf8 => Page.Value;

    private static byte[] Render()
    {
        var html = new StringBuilder(16 * 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n  <meta charset=\"utf-8\"/>\n  <title>agroal exporter</title>\n")
            .Append("  <style>table { border-collapse: collapse; } td, th { border: 1px solid #444; padding: 2px 8px; text-align: left; }</style>\n")
            .Append("</head>\n<body>\n  <h1>agroal exporter</h1>\n  <p><a href=\"/metrics\">Metrics</a></p>\n");
        foreach (var metric in MetricCatalog.All)
        {
            html.Append("  <h2>").Append(Encode(metric.Name)).Append("</h2>\n")
                .Append("  <p>").Append(Encode(metric.Help)).Append(" (").Append(metric.TypeName)
                .Append(metric.PgagroalCompatible ? ", as pgagroal" : ", agroal extension").Append(")</p>\n");
            if (metric.Labels.Count == 0)
            {
                continue;
            }
            html.Append("  <table>\n    <tr><th>label</th></tr>\n");
            foreach (var label in metric.Labels)
            {
                html.Append("    <tr><td>").Append(Encode(label)).Append("</td></tr>\n");
            }
            html.Append("  </table>\n");
        }
        html.Append("</body>\n</html>\n");
        return Encoding.UTF8.GetBytes(html.ToString());
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
