using System.Buffers;
using Agroal.Actors.Protocol;

namespace Agroal.Actors.Pool.Backend;

/// <summary>
/// The GUC values a backend reported with ParameterStatus. Touched only by whoever owns the backend at the moment
/// (the pool while Free, the leasing session while InUse), so it needs no lock.
/// </summary>
public sealed class BackendParameters
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    /// <summary>The values as ParameterStatus messages, made on first use after a change; null until then.</summary>
    private byte[]? _statusMessages;

    public IReadOnlyDictionary<string, string> Values => _values;

    public string? this[string name] => _values.TryGetValue(name, out var value) ? value : null;

    public void Set(string name, string value)
    {
        if (_values.TryGetValue(name, out var current) && string.Equals(current, value, StringComparison.Ordinal))
        {
            return;
        }
        _values[name] = value;
        _statusMessages = null;
    }

    public BackendParameters CopyFrom(IReadOnlyDictionary<string, string> values)
    {
        _values.Clear();
        foreach (var pair in values)
        {
            _values[pair.Key] = pair.Value;
        }
        _statusMessages = null;
        return this;
    }

    /// <summary>
    /// One ParameterStatus message per value, in the order the server reported them: what a client's greeting starts
    /// with. Encoded once per change of the values, not on every login the backend serves.
    /// </summary>
    public ReadOnlySpan<byte> StatusMessages => _statusMessages ??= EncodeStatusMessages();

    private byte[] EncodeStatusMessages()
    {
        var writer = new ArrayBufferWriter<byte>(512);
        foreach (var pair in _values)
        {
            BackendMessages.WriteParameterStatus(writer, pair.Key, pair.Value);
        }
        return writer.WrittenSpan.ToArray();
    }
}
