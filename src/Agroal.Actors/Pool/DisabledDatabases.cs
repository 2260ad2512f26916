using System.Collections;
using System.Collections.Immutable;

namespace Agroal.Actors.Pool;

/// <summary>
/// The databases <c>disable</c> turned off, live: the pool writes, client logins read it from any thread. The name
/// <c>*</c> stands for every database. Read as a set, it contains a name when that database is refused.
/// </summary>
public sealed class DisabledDatabases : IReadOnlySet<string>
{
    public const string All = "*";

    private ImmutableHashSet<string> _names = ImmutableHashSet.Create<string>(StringComparer.Ordinal);
    private volatile bool _all;

    public bool AllDisabled => _all;

    public int Count => _names.Count;

    public void Disable(string database)
    {
        if (database == All)
        {
            _all = true;
            return;
        }
        ImmutableInterlocked.Update(ref _names, static (set, name) => set.Add(name), database);
    }

    /// <summary>Enabling <c>*</c> enables every database, also the ones disabled by name.</summary>
    public void Enable(string database)
    {
        if (database == All)
        {
            _all = false;
            Interlocked.Exchange(ref _names, _names.Clear());
            return;
        }
        ImmutableInterlocked.Update(ref _names, static (set, name) => set.Remove(name), database);
    }

    public bool Contains(string item) => _all || Volatile.Read(ref _names).Contains(item);

    public IEnumerator<string> GetEnumerator() => ((IEnumerable<string>)Volatile.Read(ref _names)).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool IsProperSubsetOf(IEnumerable<string> other) => _names.IsProperSubsetOf(other);

    public bool IsProperSupersetOf(IEnumerable<string> other) => _names.IsProperSupersetOf(other);

    public bool IsSubsetOf(IEnumerable<string> other) => _names.IsSubsetOf(other);

    public bool IsSupersetOf(IEnumerable<string> other) => _names.IsSupersetOf(other);

    public bool Overlaps(IEnumerable<string> other) => _names.Overlaps(other);

    public bool SetEquals(IEnumerable<string> other) => _names.SetEquals(other);
}
