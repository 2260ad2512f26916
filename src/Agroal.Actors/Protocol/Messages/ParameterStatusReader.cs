using System.Buffers;

namespace Agroal.Actors.Protocol;

public static class ParameterStatusReader
{
    public static bool TryParse(in ReadOnlySequence<byte> payload, out string name, out string value)
    {
        var span = Payload.Contiguous(payload);
        value = string.Empty;
        return Payload.TryReadCString(ref span, out name) && Payload.TryReadCString(ref span, out value) && span.IsEmpty;
    }

    /// <summary>Empty strings when the body is malformed; use <see cref="TryParse"/> to tell.</summary>
    public static (string Name, string Value) Parse(in ReadOnlySequence<byte> payload) =>
        TryParse(payload, out var name, out var value) ? (name, value) : (string.Empty, string.Empty);
}
