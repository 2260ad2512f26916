using System.Net;

namespace Agroal.Actors.Configuration;

internal sealed partial class ConfigurationValidator
{
    private void CheckServers(IReadOnlyList<ServerSettings> servers)
    {
        if (servers.Count == 0)
        {
            _errors.Add(new ConfigurationError(_paths.MainFile, 0, "at least one server section is required"));
            return;
        }

        var endpoints = new Dictionary<string, string>(StringComparer.Ordinal);
        var primaries = new List<string>();
        foreach (var server in servers)
        {
            if (server.Host.Length == 0 && !_givenServerKeys.Contains($"{server.Name}.host"))
            {
                ServerError(server, "host: required");
            }

            if (server.Port == 0 && !_givenServerKeys.Contains($"{server.Name}.port"))
            {
                ServerError(server, "port: required");
            }

            // A binding needs the server's certificate: without TLS, require could never log in.
            if (server.ChannelBinding == ChannelBindingMode.Require && !server.Tls)
            {
                ServerError(server, "channel_binding: require needs tls = on for this server (SCRAM-SHA-256-PLUS binds to the server's TLS certificate)");
            }

            if (server.Primary)
            {
                primaries.Add(server.Name);
            }

            if (server.Host.Length > 0 && server.Port > 0
                && !endpoints.TryAdd($"{CanonicalHost(server.Host)}:{server.Port}", server.Name))
            {
                ServerError(server, $"host and port duplicate server [{endpoints[$"{CanonicalHost(server.Host)}:{server.Port}"]}]");
            }
        }

        if (primaries.Count > 1)
        {
            var last = servers.First(s => s.Name == primaries[^1]);
            ServerError(last, $"primary: more than one server is marked primary ({string.Join(", ", primaries)})");
        }
    }

    /// <summary>
    /// Host spellings of one endpoint compare equal: case, IP notation and the loopback names. No DNS lookup,
    /// so two different names for one remote host are not caught.
    /// </summary>
    private static string CanonicalHost(string host)
    {
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return "loopback";
        }

        if (IPAddress.TryParse(host, out var ip))
        {
            return IPAddress.IsLoopback(ip) ? "loopback" : ip.ToString();
        }

        return host.ToLowerInvariant();
    }

    private void ServerError(ServerSettings server, string message) =>
        _errors.Add(new ConfigurationError(_paths.MainFile, _serverLines.TryGetValue(server.Name, out var line) ? line : 0, $"[{server.Name}] {message}"));
}
