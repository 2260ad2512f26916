using System.Buffers;
using System.Threading.Tasks.Sources;
using Agroal.Actors.Networking.Epoll;
using Agroal.Actors.Protocol;

namespace Agroal.Actors.Clients;

/// <summary>
/// The common login, run inside the client socket's epoll loop as each message arrives: the startup packet, then a
/// SCRAM exchange against a stored secret (or nothing, for trust), as PgBouncer runs it from its event callbacks. The
/// async login awaited every message through the input pipe, and each wait cost a suspension, a resumption and the
/// pipe's locks.
/// </summary>
/// <remarks>
/// Only whole, well-formed messages of the expected kind are taken here. Anything else (a message split across
/// receives, a malformed or unexpected one, an SSLRequest for a TLS listener, a CancelRequest, a login that is
/// neither SCRAM against a stored secret nor trust, the login's timeout, the end of the connection) hands the login
/// over, with the bytes not taken, to the async login, which goes on from <see cref="Step"/> and answers as it
/// always has.
/// </remarks>
internal sealed class LoginOnLoop : IDirectReceiver, IValueTaskSource
{
    private readonly ClientSession _session;
    private readonly EpollConnection _socket;
    private readonly int _messageLimit;
    private ManualResetValueTaskSourceCore<bool> _completion;
    private CancellationTokenRegistration _deadline;

    /// <summary>Set once this receiver wants no more bytes: the next message belongs to the async login.</summary>
    private bool _handedOver;

    private LoginOnLoop(ClientSession session, EpollConnection socket, int messageLimit)
    {
        _session = session;
        _socket = socket;
        _messageLimit = messageLimit;
    }

    public LoginStep Step { get; private set; } = LoginStep.Startup;

    /// <summary>The startup packet, once taken here (its tracking and counters are done then too).</summary>
    public StartupPacket? Startup { get; private set; }

    /// <summary>
    /// The session was set up for this login here (<see cref="ClientSession.BeginLoginOnLoop"/>); false hands the whole
    /// decision, from the startup packet on, to the async login.
    /// </summary>
    public bool TookOver { get; private set; }

    /// <summary>The SCRAM exchange begun here; null for trust, or when the login is not one this receiver runs.</summary>
    public ScramServerSession? Scram { get; private set; }

    /// <summary>With <see cref="LoginStep.Verified"/>: whether the client proved it knows the password.</summary>
    public bool ProofAccepted { get; private set; }

    /// <summary>
    /// Runs the login on <paramref name="socket"/>'s loop until it is done or handed over (<see cref="Completion"/>);
    /// the caller reads nothing from the socket meanwhile. <paramref name="deadline"/> (authentication_timeout and the
    /// session's own stop) hands it over at once, and the async login then meets the cancelled token.
    /// </summary>
    public static LoginOnLoop Start(ClientSession session, EpollConnection socket, int messageLimit, CancellationToken deadline)
    {
        var login = new LoginOnLoop(session, socket, messageLimit);
        socket.AttachReceiver(login);
        // After the attach: a deadline already past runs this at once, and its detach must queue behind the attach.
        login._deadline = deadline.UnsafeRegister(static state => ((LoginOnLoop)state!).HandOverFromOutside(), login);
        return login;
    }

    /// <summary>Completes when the loop is done with the login, or handed it over.</summary>
    public ValueTask Completion => new(this, _completion.Version);

    private void HandOverFromOutside() => _socket.DetachReceiver(this);

    /// <summary>What went wrong inside the loop's login, if anything: the session rethrows it, as if its own code had thrown.</summary>
    public Exception? Failure { get; private set; }

    DirectReceiveVerdict IDirectReceiver.OnReceived(ReadOnlyMemory<byte> bytes, out int consumed)
    {
        var offset = 0;
        try
        {
            while (offset < bytes.Length && !_handedOver)
            {
                var rest = new ReadOnlySequence<byte>(bytes[offset..]);
                var taken = Step switch
                {
                    LoginStep.Startup => TakeStartup(rest),
                    LoginStep.ClientFirst => TakeClientFirst(rest),
                    LoginStep.ClientFinal => TakeClientFinal(rest),
                    _ => 0,
                };
                if (taken == 0)
                {
                    _handedOver = true;
                    break;
                }
                offset += taken;
            }
        }
        catch (Exception ex)
        {
            // Not the loop's to carry: it serves every other connection too.
            Failure = ex;
            _handedOver = true;
        }
        consumed = offset;
        return _handedOver ? DirectReceiveVerdict.Detach : DirectReceiveVerdict.Continue;
    }

    void IDirectReceiver.OnDetached(bool receiveEnded)
    {
        _deadline.Unregister();
        _completion.SetResult(true);
    }

    DirectReceiveVerdict IDirectReceiver.OnPoked() => DirectReceiveVerdict.Continue;

    /// <summary>The bytes of the startup packet, or of an encryption request declined; 0 leaves the packet to the async login.</summary>
    private int TakeStartup(in ReadOnlySequence<byte> bytes)
    {
        if (StartupPacketReader.TryParse(bytes, out var end, out var packet, out _) != ParseStatus.Complete)
        {
            return 0;
        }
        switch (packet!.Kind)
        {
            case StartupPacketKind.SslRequest when _session.OffersTls:
            case StartupPacketKind.CancelRequest:
                return 0;
            case StartupPacketKind.SslRequest:
            case StartupPacketKind.GssEncRequest:
                var writer = _socket.Writer;
                writer.GetSpan(1)[0] = (byte)'N';
                writer.Advance(1);
                Send();
                break;
            default:
                Startup = packet;
                TookOver = _session.BeginLoginOnLoop(packet, out var scram);
                if (!TookOver)
                {
                    _handedOver = true;
                    break;
                }
                if (scram is null)
                {
                    // Trust: nothing to exchange.
                    Conclude(accepted: true);
                    break;
                }
                Scram = scram;
                BackendMessages.WriteAuthenticationSasl(_socket.Writer, scram.Mechanisms);
                Step = LoginStep.ClientFirst;
                Send();
                break;
        }
        return (int)bytes.Slice(0, end).Length;
    }

    private int TakeClientFirst(in ReadOnlySequence<byte> bytes)
    {
        if (!TryReadPasswordMessage(bytes, out var payload, out var length)
            || !PasswordMessageReader.TryReadSaslInitialResponse(payload, out var mechanism, out var clientFirst))
        {
            return 0;
        }
        var serverFirst = Scram!.HandleClientFirst(mechanism, clientFirst);
        if (!serverFirst.Success || serverFirst.Message is null)
        {
            Conclude(accepted: false);
            return length;
        }
        BackendMessages.WriteAuthenticationSaslContinue(_socket.Writer, serverFirst.Message);
        Step = LoginStep.ClientFinal;
        Send();
        return length;
    }

    private int TakeClientFinal(in ReadOnlySequence<byte> bytes)
    {
        if (!TryReadPasswordMessage(bytes, out var payload, out var length))
        {
            return 0;
        }
        var serverFinal = Scram!.HandleClientFinal(payload.FirstSpan);
        if (serverFinal.Success && serverFinal.Message is not null)
        {
            // Sent with AuthenticationOk and the greeting, as the async login sends it.
            BackendMessages.WriteAuthenticationSaslFinal(_socket.Writer, serverFinal.Message);
            Conclude(accepted: true);
        }
        else
        {
            Conclude(accepted: false);
        }
        return length;
    }

    /// <summary>A whole PasswordMessage ('p') within the login's limit, and nothing else.</summary>
    private bool TryReadPasswordMessage(in ReadOnlySequence<byte> bytes, out ReadOnlySequence<byte> payload, out int length)
    {
        length = 0;
        if (MessageFramer.TryReadMessage(bytes, _messageLimit, out var tag, out payload, out var end, out _) != FrameStatus.Complete
            || tag != FrontendTag.Password)
        {
            return false;
        }
        length = (int)bytes.Slice(0, end).Length;
        return true;
    }

    private void Conclude(bool accepted)
    {
        ProofAccepted = accepted;
        Step = LoginStep.Verified;
        _handedOver = true;
    }

    /// <summary>
    /// Sends what was written. A send side that ended, or a queue long enough to pause for (a client that does not
    /// read its login's replies), hands the login over: the async login's flush then meets the same state and waits
    /// or fails as it always has.
    /// </summary>
    private void Send()
    {
        if (_socket.Writer.CommitDirect(_socket) != DirectSendOutcome.Accepted)
        {
            _handedOver = true;
        }
    }

    void IValueTaskSource.GetResult(short token) => _completion.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _completion.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _completion.OnCompleted(continuation, state, token, flags);
}
