using System.Text.RegularExpressions;
using Agroal.Actors.Configuration;
using Agroal.Tests.Integration.Fixtures;

namespace Agroal.Tests.Deployment;

/// <summary>
/// docker/ cannot be run on the project's machines (images cannot be pulled), so these checks keep it honest: every
/// file the compose file and the Dockerfile name exists, each node's pgagroal.conf loads with the pooler's own loader,
/// and the nodes carry the same keys, cluster name and topology as <c>make cluster-demo</c>.
/// </summary>
public sealed partial class DockerComposeTests
{
    private static readonly string Root = RepositoryRoot();
    private static readonly string DockerDirectory = Path.Combine(Root, "docker");
    private static readonly string[] Nodes = ["agroal1", "agroal2", "agroal3"];

    [GeneratedRegex(@"^\s+- ""?\./(?<host>[^:""]+):(?<container>/[^:""]+)(?::ro)?""?\s*$", RegexOptions.Multiline)]
    private static partial Regex BindMount();

    [GeneratedRegex(@"^  (?<name>[a-z0-9-]+):\s*$", RegexOptions.Multiline)]
    private static partial Regex Service();

    [GeneratedRegex(@"^(?:COPY|ADD)\s+(?!--from)(?<sources>.+)\s+\S+\s*$", RegexOptions.Multiline)]
    private static partial Regex CopyLine();

    [Fact]
    public void The_compose_file_has_the_topology_of_cluster_demo_and_every_file_it_mounts_exists()
    {
        var compose = File.ReadAllText(Path.Combine(DockerDirectory, "compose.yaml"));
        var services = Service().Matches(compose.Split("\nvolumes:\n")[0]).Select(m => m.Groups["name"].Value).ToArray();
        Assert.Equal(["postgres-primary", "postgres-replica", .. Nodes, "prometheus", "grafana"], services);
        Assert.Contains("image: postgres:15", compose, StringComparison.Ordinal);
        var mounts = BindMount().Matches(compose).ToArray();
        Assert.NotEmpty(mounts);
        foreach (var mount in mounts)
        {
            var host = Path.Combine(DockerDirectory, mount.Groups["host"].Value);
            Assert.True(File.Exists(host) || Directory.Exists(host), $"compose.yaml mounts {mount.Groups["host"].Value}, which is not in docker/");
            if (!OperatingSystem.IsWindows() && mount.Groups["container"].Value.EndsWith(".sh", StringComparison.Ordinal))
            {
                Assert.True((File.GetUnixFileMode(host) & UnixFileMode.UserExecute) != 0, $"{host} is mounted as a script but is not executable");
            }
        }
        foreach (var node in Nodes)
        {
            Assert.Contains($"./agroal/{NodeDirectory(node)}/pgagroal.conf:/etc/pgagroal/pgagroal.conf", compose, StringComparison.Ordinal);
        }
        Assert.Contains("./grafana/dashboards:/var/lib/grafana/dashboards", compose, StringComparison.Ordinal);
    }

    [Fact]
    public void The_dockerfile_builds_with_the_sdk_runs_on_aspnet_and_copies_files_that_exist()
    {
        var dockerfile = File.ReadAllText(Path.Combine(DockerDirectory, "Dockerfile"));
        Assert.Contains("FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build", dockerfile, StringComparison.Ordinal);
        Assert.Contains("FROM mcr.microsoft.com/dotnet/aspnet:10.0", dockerfile, StringComparison.Ordinal);
        Assert.Contains("-c /etc/pgagroal/pgagroal.conf", File.ReadAllText(Path.Combine(DockerDirectory, "agroal", "entrypoint.sh")), StringComparison.Ordinal);
        foreach (Match copy in CopyLine().Matches(dockerfile))
        {
            foreach (var source in copy.Groups["sources"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var path = Path.Combine(Root, source);
                Assert.True(File.Exists(path) || Directory.Exists(path), $"the Dockerfile copies {source}, which does not exist");
            }
        }
        foreach (var project in new[] { "src/Agroal.Actors/Agroal.Actors.csproj", "src/Agroal.Cli/Agroal.Cli.csproj" })
        {
            Assert.Contains(project, dockerfile, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(Root, project)));
        }
    }

    [Fact]
    public void Each_node_config_loads_with_the_pooler_and_matches_cluster_demo()
    {
        var demoKeys = ClusterDemoKeys();
        var prometheus = File.ReadAllText(Path.Combine(DockerDirectory, "prometheus", "prometheus.yml"));
        var seeds = new List<string>();
        var ports = new List<int>();
        foreach (var node in Nodes)
        {
            using var directory = TempDirectory.Create("/tmp/agroal-docker-conf");
            foreach (var file in new[] { "pgagroal_hba.conf", "pgagroal_databases.conf", "failover.sh" })
            {
                File.Copy(Path.Combine(DockerDirectory, "agroal", file), directory.Combine(file));
            }
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(directory.Combine("failover.sh"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
            var text = File.ReadAllText(Path.Combine(DockerDirectory, "agroal", NodeDirectory(node), "pgagroal.conf"));
            // The container's /etc/pgagroal is this directory here; everything else is read as the container reads it.
            File.WriteAllText(directory.Combine("pgagroal.conf"), text.Replace("/etc/pgagroal/", directory.Path + "/", StringComparison.Ordinal));
            var loaded = ConfigurationLoader.Load(new ConfigurationPaths(directory.Combine("pgagroal.conf"), directory.Combine("pgagroal_hba.conf"),
                directory.Combine("pgagroal_databases.conf")));
            Assert.True(loaded.Succeeded, $"{node}: " + string.Join("\n", loaded.Errors));
            var main = loaded.Configuration!.Main;
            Assert.True(main.Cluster);
            Assert.Equal(node, main.ClusterHost);
            Assert.Equal("agroal-demo", main.ClusterName);
            Assert.True(main.Failover);
            seeds.Add(string.Join(",", main.ClusterSeedNodeList));
            ports.Add(main.ClusterPort);
            Assert.Contains($"- {node}:{main.Metrics}", prometheus, StringComparison.Ordinal);

            // The same keys as the demo's nodes, but the log: containers log to the console, so no log_path.
            Assert.Equal(demoKeys.Where(k => k != "log_path").Order(), MainKeys(text).Order());
            Assert.Equal(2, loaded.Configuration.Servers.Count);
        }
        Assert.Single(seeds.Distinct());
        Assert.Equal(Nodes.Select((n, i) => $"{n}:{ports[i]}"), seeds[0].Split(','));
    }

    private static string NodeDirectory(string node) => "node" + node[^1];

    /// <summary>The [pgagroal] keys that scripts/cluster-demo.sh writes for each node.</summary>
    private static List<string> ClusterDemoKeys()
    {
        var script = File.ReadAllText(Path.Combine(Root, "scripts", "cluster-demo.sh"));
        const string start = "cat >\"$node/pgagroal.conf\" <<CONF\n";
        var from = script.IndexOf(start, StringComparison.Ordinal);
        Assert.True(from >= 0, "scripts/cluster-demo.sh no longer writes $node/pgagroal.conf with a CONF here-document");
        from += start.Length;
        var to = script.IndexOf("\nCONF\n", from, StringComparison.Ordinal);
        return MainKeys(script[from..to]);
    }

    private static List<string> MainKeys(string text)
    {
        var keys = new List<string>();
        var inMain = false;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith('['))
            {
                inMain = line == "[pgagroal]";
                continue;
            }
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (inMain && equals > 0 && !line.StartsWith('#'))
            {
                keys.Add(line[..equals].Trim());
            }
        }
        return keys;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Agroal.Actors.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("Agroal.Actors.sln not found above " + AppContext.BaseDirectory);
    }
}
