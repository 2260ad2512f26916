namespace Agroal.Actors.Pool.Backend;

/// <summary>
/// The GUC values a backend reported with ParameterStatus. Touched only by whoever owns the backend at the moment
/// (the pool while Free, the leasing session while InUse), so it needs no lock.
/// </summary>
public sealed class BackendParameters
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Values => _values;

    public string? this[string name] => _values.TryGetValue(name, out var value) ? value : null;

    public void Set(string name, string value) => _values[name] = value;

    public BackendParameters CopyFrom(IReadOnlyDictionary<string, string> values)
    {
        _values.Clear();
        foreach (var pair in values)
        {
            _values[pair.Key] = pair.Value;
        }
        return this;
    }
}
