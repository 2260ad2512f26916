using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Agroal.Actors.Protocol;

/// <summary>
/// Follows message boundaries through a relayed byte stream chunk by chunk, copying nothing: a header
/// may be split anywhere, bodies are skipped by count. It decodes only what the pooler acts on:
/// from the client, Terminate and the number of queries (Query and Execute); from the server,
/// ReadyForQuery status and ErrorResponse severity (the first <see cref="ErrorPrefixCapacity"/> body
/// bytes are kept inline, enough for the S and V fields, so a split ErrorResponse is still read).
/// A mutable struct: keep it in a field and call it in place, never through a copy.
/// </summary>
public partial struct RelayFrameScanner
{
    public const int ErrorPrefixCapacity = 64;

    private const byte NoStatus = 0;

    private readonly RelayDirection _direction;
    private readonly int _maxMessageLength;

    private int _headerFill;
    private uint _pendingLength;
    private byte _tag;
    private bool _inBody;
    private int _bodyRemaining;
    private int _captureRemaining;
    private int _captured;
    private ErrorPrefix _errorPrefix;

    /// <param name="direction">The stream this scanner watches.</param>
    /// <param name="maxMessageLength">Largest accepted length field; 0 means no limit beyond the protocol's.</param>
    public RelayFrameScanner(RelayDirection direction, int maxMessageLength = 0)
    {
        _direction = direction;
        _maxMessageLength = maxMessageLength;
    }

    public readonly RelayDirection Direction => _direction;

    /// <summary>Messages whose header has been read.</summary>
    public long MessagesSeen { readonly get; private set; }

    /// <summary>Query ('Q') and Execute ('E') messages from the client.</summary>
    public long Queries { readonly get; private set; }

    /// <summary>ReadyForQuery status changes from idle to in-transaction or failed-transaction.</summary>
    public long Transactions { readonly get; private set; }

    public long ReadyForQueryCount { readonly get; private set; }

    /// <summary>Client messages each answered by exactly one ReadyForQuery: Query, Sync and FunctionCall.</summary>
    public long ReadyRequests { readonly get; private set; }

    /// <summary>ErrorResponse messages from the server, of any severity.</summary>
    public long ErrorsSeen { readonly get; private set; }

    /// <summary>'I', 'T' or 'E' from the last complete ReadyForQuery; 0 before the first.</summary>
    public byte LastReadyForQueryStatus { readonly get; private set; }

    public bool TerminateSeen { readonly get; private set; }

    public bool FatalSeen { readonly get; private set; }

    /// <summary>A length field was out of range; the stream cannot be followed any further.</summary>
    public bool IsInvalid { readonly get; private set; }

    /// <summary>The stream stopped at a client message of a type not accepted after login; everything before it was whole.</summary>
    public bool RejectedUnknownType { readonly get; private set; }

    /// <summary>No message is partly seen: the protocol stream is between two messages (or stopped cleanly before a rejected one).</summary>
    public readonly bool IsAtMessageBoundary => _headerFill == 0 && !_inBody && (!IsInvalid || RejectedUnknownType);

    /// <summary>The tag of the message being read, or of the last one when at a boundary.</summary>
    public readonly byte CurrentTag => _tag;

    /// <summary>Scans the whole chunk. Returns false once the stream is invalid.</summary>
    public bool Scan(ReadOnlySpan<byte> chunk)
    {
        while (!chunk.IsEmpty)
        {
            var used = ScanToNextEvent(chunk, out var relayEvent);
            if (relayEvent == RelayEvent.InvalidFrame)
            {
                return false;
            }

            chunk = chunk[used..];
        }

        return !IsInvalid;
    }

    /// <summary>
    /// Scans until the end of the chunk or until a message the relay acts on has fully passed; returns
    /// how many bytes were consumed, so the relay knows exactly where in the chunk the event sits.
    /// </summary>
    public int ScanToNextEvent(ReadOnlySpan<byte> chunk, out RelayEvent relayEvent)
    {
        relayEvent = RelayEvent.None;
        if (IsInvalid)
        {
            relayEvent = RelayEvent.InvalidFrame;
            return 0;
        }

        var position = 0;
        while (position < chunk.Length)
        {
            if (_inBody)
            {
                var take = Math.Min(_bodyRemaining, chunk.Length - position);
                if (_captureRemaining > 0)
                {
                    Capture(chunk.Slice(position, Math.Min(take, _captureRemaining)));
                }

                position += take;
                _bodyRemaining -= take;
                if (_bodyRemaining == 0)
                {
                    _inBody = false;
                    relayEvent = CompleteMessage();
                    if (relayEvent != RelayEvent.None)
                    {
                        return position;
                    }
                }

                continue;
            }

            if (_headerFill == 0 && chunk.Length - position >= MessageHeader.Size)
            {
                _tag = chunk[position];
                _pendingLength = BinaryPrimitives.ReadUInt32BigEndian(chunk[(position + 1)..]);
                position += MessageHeader.Size;
            }
            else
            {
                if (!AccumulateHeaderByte(chunk[position++]))
                {
                    continue;
                }
            }

            relayEvent = StartMessage();
            if (relayEvent != RelayEvent.None)
            {
                return position;
            }
        }

        return position;
    }

    /// <summary>Forgets everything, for a scanner reused on a new lease; direction and limit stay.</summary>
    public void Reset() => this = new RelayFrameScanner(_direction, _maxMessageLength);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool AccumulateHeaderByte(byte value)
    {
        if (_headerFill == 0)
        {
            _tag = value;
            _pendingLength = 0;
        }
        else
        {
            _pendingLength = (_pendingLength << 8) | value;
        }

        if (++_headerFill < MessageHeader.Size)
        {
            return false;
        }

        _headerFill = 0;
        return true;
    }
}
