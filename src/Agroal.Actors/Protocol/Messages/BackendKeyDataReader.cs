using System.Buffers;
using System.Buffers.Binary;

namespace Agroal.Actors.Protocol;

public static class BackendKeyDataReader
{
    public static bool TryParse(in ReadOnlySequence<byte> payload, out int processId, out int secretKey)
    {
        processId = 0;
        secretKey = 0;
        if (payload.Length != 8)
        {
            return false;
        }

        Span<byte> body = stackalloc byte[8];
        payload.CopyTo(body);
        processId = BinaryPrimitives.ReadInt32BigEndian(body);
        secretKey = BinaryPrimitives.ReadInt32BigEndian(body[4..]);
        return true;
    }

    /// <summary>(0, 0) when the body is not 8 bytes; use <see cref="TryParse"/> to tell.</summary>
    public static (int ProcessId, int SecretKey) Parse(in ReadOnlySequence<byte> payload)
    {
        TryParse(payload, out var processId, out var secretKey);
        return (processId, secretKey);
    }
}
