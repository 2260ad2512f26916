using System.Collections.Concurrent;
using System.Runtime.Loader;

namespace Agroal.Tests.Integration.Fixtures;

/// <summary>Every cluster still alive, killed when the test process exits or its assembly unloads.</summary>
internal static class PostgresServerRegistry
{
    private static readonly ConcurrentDictionary<PostgresServer, byte> Live = new();

    static PostgresServerRegistry()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
        var context = AssemblyLoadContext.GetLoadContext(typeof(PostgresServerRegistry).Assembly);
        if (context is not null)
        {
            context.Unloading += _ => KillAll();
        }
    }

    public static int Count => Live.Count;

    public static void Add(PostgresServer server) => Live.TryAdd(server, 0);

    public static void Remove(PostgresServer server) => Live.TryRemove(server, out _);

    private static void KillAll()
    {
        foreach (var server in Live.Keys)
        {
            try
            {
                server.KillNow();
            }
            catch (Exception)
            {
                // Exit hooks must not throw; the runner's pkill and the watchdog are the next nets.
            }
            Live.TryRemove(server, out _);
        }
    }
}
