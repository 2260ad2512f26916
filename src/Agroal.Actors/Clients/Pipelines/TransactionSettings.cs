using System.Text;
using Agroal.Actors.Pool.Backend;

namespace Agroal.Actors.Clients.Pipelines;

/// <summary>
/// One client's own session parameters in the transaction pipeline: its startup values, then whatever its SETs
/// changed as the server reported them with ParameterStatus. A backend records, in
/// <see cref="BackendConnection.AppliedSettings"/>, every tracked value that differs from its login defaults, so on
/// attach the pooler sets what differs and resets what the client never set.
/// </summary>
public sealed class TransactionSettings
{
    /// <summary>The parameters carried per client: those PostgreSQL reports, plus the startup-only ones.</summary>
    private static readonly string[] TrackedNames =
    [
        "application_name", "client_encoding", "DateStyle", "TimeZone", "IntervalStyle", "standard_conforming_strings",
        "search_path", "extra_float_digits",
    ];

    /// <summary>
    /// This client's value of each tracked parameter, by its place in <see cref="TrackedNames"/>; null where it has
    /// none. An array, not a dictionary: a login fills it and every attach reads it, in the order the signature needs.
    /// </summary>
    private readonly string?[] _values = new string?[TrackedNames.Length];

    /// <summary>Every tracked name=value of this client, built once per change; null until needed.</summary>
    private string? _signature;

    public TransactionSettings(IReadOnlyList<KeyValuePair<string, string>> startupParameters)
    {
        for (var i = 0; i < startupParameters.Count; i++)
        {
            var pair = startupParameters[i];
            var index = IndexOf(pair.Key);
            if (index >= 0)
            {
                _values[index] = pair.Value;
            }
        }
    }

    /// <summary>
    /// What a backend aligned to this client's values holds; clients with the same startup parameters share it, so a
    /// backend moving between them (the usual case in transaction mode) needs no comparison at all.
    /// </summary>
    private string Signature => _signature ??= BuildSignature();

    /// <summary>The place of a tracked parameter, or -1.</summary>
    private static int IndexOf(string name) => SessionParameters.IndexOfName(TrackedNames, name);

    /// <summary>Built in a buffer and looked up there: clients with the same parameters (nearly all) make no string.</summary>
    private string BuildSignature()
    {
        var length = 0;
        for (var i = 0; i < TrackedNames.Length; i++)
        {
            if (_values[i] is { } value)
            {
                length += TrackedNames[i].Length + value.Length + 13;
            }
        }
        char[]? rented = null;
        var buffer = length <= 512 ? stackalloc char[512] : (rented = System.Buffers.ArrayPool<char>.Shared.Rent(length));
        var written = 0;
        for (var i = 0; i < TrackedNames.Length; i++)
        {
            if (_values[i] is not { } value)
            {
                continue;
            }
            var name = TrackedNames[i];
            // Length-prefixed, so no value can imitate another pair.
            name.AsSpan().CopyTo(buffer[written..]);
            written += name.Length;
            buffer[written++] = ':';
            value.Length.TryFormat(buffer[written..], out var digits, provider: System.Globalization.CultureInfo.InvariantCulture);
            written += digits;
            buffer[written++] = ':';
            value.AsSpan().CopyTo(buffer[written..]);
            written += value.Length;
            buffer[written++] = ';';
        }
        var signature = SharedSignatures.Intern(buffer[..written]);
        if (rented is not null)
        {
            System.Buffers.ArrayPool<char>.Shared.Return(rented);
        }
        return signature;
    }

    /// <summary>The statements that give <paramref name="backend"/> this client's session, or null when it has it already.</summary>
    public string? BuildAlignmentQuery(BackendConnection backend)
    {
        // The usual case in transaction mode: the backend was last aligned to these very values.
        var signature = Signature;
        if (string.Equals(backend.AlignedSignature, signature, StringComparison.Ordinal))
        {
            return null;
        }
        StringBuilder? query = null;
        for (var i = 0; i < TrackedNames.Length; i++)
        {
            var name = TrackedNames[i];
            var wanted = _values[i];
            var current = backend.AppliedSettings.TryGetValue(name, out var applied) ? applied : null;
            if (string.Equals(wanted, current, StringComparison.Ordinal))
            {
                continue;
            }
            query ??= new StringBuilder();
            if (wanted is null)
            {
                query.Append("RESET ").Append(name).Append(';');
            }
            else
            {
                query.Append("SELECT pg_catalog.set_config(").Append(SessionParameters.QuoteLiteral(name)).Append(", ")
                    .Append(SessionParameters.QuoteLiteral(wanted)).Append(", false);");
            }
        }
        if (query is null)
        {
            backend.MarkAligned(signature);
            return null;
        }
        return query.ToString();
    }

    /// <summary>After the alignment query succeeded, the backend's session is this client's.</summary>
    public void RecordAligned(BackendConnection backend)
    {
        for (var i = 0; i < TrackedNames.Length; i++)
        {
            if (_values[i] is { } value)
            {
                backend.AppliedSettings[TrackedNames[i]] = value;
            }
            else
            {
                backend.AppliedSettings.Remove(TrackedNames[i]);
            }
        }
        backend.SettingsUnknown = false;
        backend.MarkAligned(Signature);
    }

    /// <summary>The server reported a new value inside the client's transaction (a SET): it is now the client's and the backend's.</summary>
    public void RecordReported(BackendConnection backend, string name, string value)
    {
        backend.Parameters.Set(name, value);
        var index = IndexOf(name);
        if (index >= 0)
        {
            var tracked = TrackedNames[index];
            _values[index] = value;
            backend.AppliedSettings[tracked] = value;
            // Both sides changed alike: a backend that held exactly this client's session still does.
            var inStep = string.Equals(backend.AlignedSignature, Signature, StringComparison.Ordinal);
            _signature = null;
            if (inStep)
            {
                backend.MarkAligned(Signature);
            }
            else
            {
                backend.ForgetAlignment();
            }
        }
    }
}
