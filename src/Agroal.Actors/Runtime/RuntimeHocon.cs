using Akka.Configuration;

namespace Agroal.Actors.Runtime;

/// <summary>
/// The actor system's configuration: hocon/agroal.conf (embedded), in cluster mode hocon/cluster.conf and the
/// cluster_* keys over it, and an optional user file over everything. A user file that cannot be read or parsed is
/// refused with its path and the parser's message, never half applied.
/// </summary>
public static class RuntimeHocon
{
    private const string DefaultsResource = "Agroal.Actors.hocon.agroal.conf";

    /// <summary>The embedded defaults as text (hocon/agroal.conf).</summary>
    public static string DefaultsText()
    {
        using var stream = typeof(RuntimeHocon).Assembly.GetManifestResourceStream(DefaultsResource)
            ?? throw new InvalidOperationException($"the embedded resource {DefaultsResource} is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The defaults, with <paramref name="overrideFile"/> on top when given.</summary>
    /// <exception cref="RuntimeHoconException">The file is missing, unreadable or not valid HOCON.</exception>
    public static Config Load(string? overrideFile) => Load(overrideFile, null);

    /// <summary>The defaults, cluster mode's layer when <paramref name="cluster"/> is given, and <paramref name="overrideFile"/> on top.</summary>
    /// <exception cref="RuntimeHoconException">The file is missing, unreadable or not valid HOCON.</exception>
    public static Config Load(string? overrideFile, Cluster.ClusterSettings? cluster)
    {
        var defaults = ConfigurationFactory.ParseString(DefaultsText());
        var user = string.IsNullOrEmpty(overrideFile) ? null : LoadUserFile(overrideFile);
        if (cluster is not null)
        {
            var clusterLayer = Cluster.ClusterHocon.Load(cluster);
            // A TLS node listens under akka.ssl.tcp: when the user's file turns TLS on, the seeds built from
            // cluster_seed_nodes must carry that protocol too, or the node could reach none of them.
            if (Cluster.ClusterHocon.RemotingOverTls(user is null ? clusterLayer : user.WithFallback(clusterLayer)))
            {
                clusterLayer = Cluster.ClusterHocon.Load(cluster, secure: true);
            }
            defaults = clusterLayer.WithFallback(defaults);
        }
        var effective = user is null ? defaults : user.WithFallback(defaults);
        if (cluster is not null)
        {
            Cluster.RemotingTlsTrust.Check(effective);
        }
        return effective;
    }

    private static Config LoadUserFile(string overrideFile)
    {
        string text;
        try
        {
            text = File.ReadAllText(overrideFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RuntimeHoconException($"{overrideFile}: cannot read the HOCON file: {ex.Message}", ex);
        }
        try
        {
            return ConfigurationFactory.ParseString(text);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new RuntimeHoconException($"{overrideFile}: invalid HOCON: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// The effective configuration as HOCON text (what <c>agroal --print-hocon</c> shows): <paramref name="config"/>
    /// over Akka's own reference values, which fill every key neither file sets.
    /// </summary>
    public static string Render(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.WithFallback(ConfigurationFactory.Default()).ToString(includeFallback: true);
    }
}
