using System.Globalization;

namespace Agroal.Actors.Configuration.Parsing;

/// <summary>Value checks for the cluster keys of [pgagroal]; a refusal names what is wrong so the file:line error is enough.</summary>
internal static class ClusterKeyParsers
{
    /// <summary>A comma-separated list of host:port (IPv6 as [addr]:port); empty is the default (cluster = on then asks for one).</summary>
    public static bool ParseSeedNodes(string text, SettingContext context, out string value, out string reason)
    {
        value = text.Trim();
        reason = "";
        var entries = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var entry in entries)
        {
            if (!TrySplitHostPort(entry, out _, out _, out var why))
            {
                reason = $"\"{entry}\" {why}";
                return false;
            }
        }
        value = string.Join(",", entries);
        return true;
    }

    /// <summary>The actor system's name: Akka accepts letters, digits, '-' and '_', not starting with '-' or '_'.</summary>
    public static bool ParseClusterName(string text, SettingContext context, out string value, out string reason)
    {
        value = text.Trim();
        reason = "";
        if (!IsValidSystemName(value))
        {
            reason = "must be letters, digits, '-' or '_' and start with a letter or digit (it is the Akka actor system's name)";
            return false;
        }
        return true;
    }

    /// <summary>
    /// The error for a key of the etcd design that cluster mode no longer has (cluster_etcd_endpoints, cluster_node_name),
    /// naming the keys that replace it; null for any other key. Refused rather than ignored, so no one runs a node that
    /// silently stays standalone.
    /// </summary>
    public static string? RetiredKeyMessage(string key) =>
        key is "cluster_etcd_endpoints" or "cluster_node_name"
            ? $"{key}: no longer supported: cluster mode is Akka.Cluster, configured with cluster_host, cluster_port, cluster_seed_nodes and cluster_name"
            : null;

    public static bool IsValidSystemName(string name)
    {
        if (name.Length == 0 || !char.IsAsciiLetterOrDigit(name[0]))
        {
            return false;
        }
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_')
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Splits <c>host:port</c> or <c>[v6]:port</c>; the port must be 1..65535.</summary>
    public static bool TrySplitHostPort(string entry, out string host, out int port, out string reason)
    {
        host = "";
        port = 0;
        reason = "";
        string portText;
        if (entry.StartsWith('['))
        {
            var close = entry.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || close + 1 >= entry.Length || entry[close + 1] != ':')
            {
                reason = "is not [address]:port";
                return false;
            }
            host = entry[1..close];
            portText = entry[(close + 2)..];
        }
        else
        {
            var colon = entry.LastIndexOf(':');
            if (colon <= 0 || entry.IndexOf(':', StringComparison.Ordinal) != colon)
            {
                reason = "is not host:port";
                return false;
            }
            host = entry[..colon];
            portText = entry[(colon + 1)..];
        }
        if (host.Length == 0 || host.Contains(' ', StringComparison.Ordinal))
        {
            reason = "has no host";
            return false;
        }
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port < 1 || port > 65535)
        {
            reason = "has no port in 1..65535";
            return false;
        }
        return true;
    }
}
