using System.Collections.Concurrent;

namespace Agroal.Actors.Clients.Pipelines;

/// <summary>
/// One string instance per distinct settings signature, so that clients with the same parameters hold the very same
/// one and checking a backend's alignment on every attach is a reference comparison (string equality tries the
/// reference first) instead of a walk over a hundred-odd characters. Bounded: a pooler whose clients all differ
/// (an application_name per client) stops sharing past the cap and compares by content, as before.
/// </summary>
internal static class SharedSignatures
{
    private const int Capacity = 4096;

    private static readonly ConcurrentDictionary<string, string> Instances = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> BySpan =
        Instances.GetAlternateLookup<ReadOnlySpan<char>>();
    private static int _count;

    /// <summary>The shared instance of a signature built in a buffer: a string is made only for one not seen before.</summary>
    public static string Intern(ReadOnlySpan<char> signature) =>
        BySpan.TryGetValue(signature, out var shared) ? shared : Intern(signature.ToString());

    public static string Intern(string signature)
    {
        if (Instances.TryGetValue(signature, out var shared))
        {
            return shared;
        }
        if (Volatile.Read(ref _count) >= Capacity)
        {
            return signature;
        }
        shared = Instances.GetOrAdd(signature, signature);
        if (ReferenceEquals(shared, signature))
        {
            Interlocked.Increment(ref _count);
        }
        return shared;
    }
}
