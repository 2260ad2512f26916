using System.Buffers;
using System.IO.Pipelines;
using Agroal.Actors.Protocol;

namespace Agroal.Actors.Clients.Pipelines;

public sealed partial class TransactionRelay
{
    /// <summary>
    /// Above this a waiting client keeps its bytes in the socket's own block: a copy would cost as much as the block.
    /// A select-only query is under 100 bytes, an extended-protocol round (Parse, Bind, Describe, Execute, Sync) a few hundred.
    /// </summary>
    private const int ParkLimit = 1024;

    /// <summary>The copy's size grows in these steps, so a client whose queries vary a little keeps one array.</summary>
    private const int ParkGranularity = 128;

    /// <summary>
    /// Where a client's pending bytes wait while the pool has no backend for it. With thousands of clients over a few
    /// backends almost every client waits, and each would otherwise pin a 4 KiB block of Kestrel's pool until its
    /// turn; this array is the session's own (made on its first wait, reused by every later one).
    /// </summary>
    private byte[]? _parkedBytes;

    /// <summary>
    /// Copies <paramref name="buffer"/> aside when it is small and holds only whole messages: once a backend is attached
    /// such a copy is consumed entirely, so nothing of it has to go back into the socket's pipe.
    /// </summary>
    private bool TryPark(in ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> copy)
    {
        copy = default;
        var length = buffer.Length;
        if (length == 0 || length > ParkLimit || !HoldsWholeMessages(buffer))
        {
            return false;
        }
        var store = _parkedBytes;
        if (store is null || store.Length < length)
        {
            store = new byte[(length + ParkGranularity - 1) / ParkGranularity * ParkGranularity];
            _parkedBytes = store;
        }
        buffer.CopyTo(store);
        copy = new ReadOnlySequence<byte>(store, 0, (int)length);
        return true;
    }

    private bool HoldsWholeMessages(ReadOnlySequence<byte> rest)
    {
        while (rest.Length > 0)
        {
            if (!MessageHeader.TryRead(rest, out var header) || !header.HasValidLength(_maxMessageLength) || rest.Length < header.TotalSize)
            {
                return false;
            }
            rest = rest.Slice(header.TotalSize);
        }
        return true;
    }

    /// <summary>A parked read was relayed: whole messages only went in, so nothing may be left over.</summary>
    private static void EndPark(in ReadOnlySequence<byte> rest)
    {
        if (rest.Length != 0)
        {
            // Bytes the pipe no longer has: relaying on would skip them, so the client is closed instead.
            throw new InvalidOperationException($"transaction relay: {rest.Length} parked client bytes left unrelayed");
        }
    }

    /// <summary>Leaves what was not consumed in the socket's pipe; a parked read's bytes were already taken from it.</summary>
    private static void GiveBackUnread(PipeReader from, in ReadOnlySequence<byte> rest, bool parked)
    {
        if (!parked)
        {
            from.AdvanceTo(rest.Start);
        }
    }
}
