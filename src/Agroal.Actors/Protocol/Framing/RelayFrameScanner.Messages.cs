using System.Runtime.CompilerServices;

namespace Agroal.Actors.Protocol;

/// <summary>What the scanner does when a message starts and ends.</summary>
public partial struct RelayFrameScanner
{
    private RelayEvent StartMessage()
    {
        var limit = _maxMessageLength > 0 ? (uint)_maxMessageLength : int.MaxValue;
        if (_pendingLength < MessageHeader.MinLength || _pendingLength > limit)
        {
            IsInvalid = true;
            return RelayEvent.InvalidFrame;
        }

        if (_direction == RelayDirection.ClientToServer && !FrontendTag.IsKnownAfterStartup(_tag))
        {
            IsInvalid = true;
            RejectedUnknownType = true;
            return RelayEvent.UnknownMessageType;
        }

        MessagesSeen++;
        _bodyRemaining = (int)_pendingLength - MessageHeader.MinLength;
        _captured = 0;
        _captureRemaining = 0;

        if (_direction == RelayDirection.ClientToServer)
        {
            if (_tag is FrontendTag.Query or FrontendTag.Execute)
            {
                Queries++;
            }

            if (_tag is FrontendTag.Query or FrontendTag.Sync or FrontendTag.FunctionCall)
            {
                ReadyRequests++;
            }
        }
        else if (_tag == BackendTag.ReadyForQuery)
        {
            _captureRemaining = Math.Min(_bodyRemaining, 1);
        }
        else if (_tag == BackendTag.ErrorResponse)
        {
            _captureRemaining = Math.Min(_bodyRemaining, ErrorPrefixCapacity);
        }

        if (_bodyRemaining > 0)
        {
            _inBody = true;
            return RelayEvent.None;
        }

        return CompleteMessage();
    }

    private void Capture(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(((Span<byte>)_errorPrefix)[_captured..]);
        _captured += bytes.Length;
        _captureRemaining -= bytes.Length;
    }

    private RelayEvent CompleteMessage()
    {
        if (_direction == RelayDirection.ClientToServer)
        {
            if (_tag == FrontendTag.Terminate)
            {
                TerminateSeen = true;
                return RelayEvent.Terminate;
            }

            return RelayEvent.None;
        }

        if (_tag == BackendTag.ReadyForQuery)
        {
            var status = _captured > 0 ? _errorPrefix[0] : NoStatus;
            var previous = LastReadyForQueryStatus == NoStatus ? TransactionStatus.Idle : LastReadyForQueryStatus;
            if (previous == TransactionStatus.Idle && status != TransactionStatus.Idle)
            {
                Transactions++;
            }

            ReadyForQueryCount++;
            LastReadyForQueryStatus = status;
            return RelayEvent.ReadyForQuery;
        }

        if (_tag == BackendTag.ErrorResponse)
        {
            ErrorsSeen++;
            if (ErrorSeverity.IsFatalOrPanic(((ReadOnlySpan<byte>)_errorPrefix)[.._captured]))
            {
                FatalSeen = true;
                return RelayEvent.FatalError;
            }
        }

        return RelayEvent.None;
    }

    [InlineArray(ErrorPrefixCapacity)]
    private struct ErrorPrefix
    {
        private byte _first;
    }
}
