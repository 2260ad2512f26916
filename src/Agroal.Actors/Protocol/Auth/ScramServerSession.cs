using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;

namespace Agroal.Actors.Protocol;

/// <summary>
/// The server half of one SCRAM-SHA-256(-PLUS) exchange, used when the pooler authenticates a client.
/// Costs HMACs only: the secret's keys are derived beforehand. Like PostgreSQL it ignores the SCRAM
/// user name (the startup packet's user counts) and refuses authzid and mandatory extensions.
/// </summary>
public sealed class ScramServerSession
{
    public const string Mechanism = "SCRAM-SHA-256";
    public const string PlusMechanism = "SCRAM-SHA-256-PLUS";
    public const string TlsServerEndPoint = "tls-server-end-point";

    private readonly ScramSecret _secret;
    private readonly string? _channelBindingMechanism;
    private readonly byte[]? _tlsServerEndPoint;
    private readonly string? _fixedServerNonce;

    /// <summary>Base64 characters decoded on the stack: a channel binding is a GS2 header and a certificate hash.</summary>
    private const int MaxStackBase64 = 256;

    /// <summary>An AuthMessage up to this many bytes is built on the stack: user name, nonces and binding fit.</summary>
    private const int MaxStackAuthMessage = 1024;

    private Step _step = Step.ExpectClientFirst;
    private string _gs2Header = string.Empty;
    private bool _usesChannelBinding;
    private string _clientFirstBare = string.Empty;
    private string _serverFirst = string.Empty;
    private string _nonce = string.Empty;

    /// <param name="secret">The user's stored secret.</param>
    /// <param name="channelBindingMechanism"><see cref="TlsServerEndPoint"/> when the connection is TLS and PLUS is offered; otherwise null.</param>
    /// <param name="tlsServerEndPoint">The hash of the server certificate (RFC 5929), required with channel binding.</param>
    public ScramServerSession(ScramSecret secret, string? channelBindingMechanism = null, byte[]? tlsServerEndPoint = null)
        : this(secret, channelBindingMechanism, tlsServerEndPoint, null)
    {
    }

    internal ScramServerSession(ScramSecret secret, string? channelBindingMechanism, byte[]? tlsServerEndPoint, string? serverNonce)
    {
        _secret = secret;
        _channelBindingMechanism = channelBindingMechanism is not null && tlsServerEndPoint is not null ? channelBindingMechanism : null;
        _tlsServerEndPoint = tlsServerEndPoint;
        _fixedServerNonce = serverNonce;
    }

    private enum Step
    {
        ExpectClientFirst,
        ExpectClientFinal,
        Done,
    }

    /// <summary>The mechanisms to list in AuthenticationSASL for this connection.</summary>
    public IReadOnlyList<string> Mechanisms => _channelBindingMechanism is null ? PlainMechanisms : BindingMechanisms;

    private static readonly string[] PlainMechanisms = [Mechanism];
    private static readonly string[] BindingMechanisms = [PlusMechanism, Mechanism];

    /// <summary>
    /// After a successful final step: ClientProof XOR ClientSignature, the client's ClientKey. With it and
    /// the ServerKey the pooler can log in to PostgreSQL as this user without knowing the password.
    /// </summary>
    public byte[]? RecoveredClientKey { get; private set; }

    public bool IsCompleted => _step == Step.Done && RecoveredClientKey is not null;

    public ScramStepResult HandleClientFirst(string mechanism, ReadOnlySpan<byte> clientFirst)
    {
        if (_step != Step.ExpectClientFirst)
        {
            return Fail(ScramFailure.MalformedMessage, "unexpected SCRAM client-first-message");
        }

        _step = Step.Done;
        var plus = string.Equals(mechanism, PlusMechanism, StringComparison.Ordinal);
        if (!plus && !string.Equals(mechanism, Mechanism, StringComparison.Ordinal))
        {
            return Fail(ScramFailure.MalformedMessage, "client selected an invalid SASL authentication mechanism");
        }

        if (plus && _channelBindingMechanism is null)
        {
            return Fail(ScramFailure.ChannelBinding, "client selected SCRAM-SHA-256-PLUS, but channel binding is not offered on this connection");
        }

        if (!TryDecode(clientFirst, out var text))
        {
            return Fail(ScramFailure.MalformedMessage, "malformed SCRAM message: invalid UTF-8");
        }

        var failure = ReadGs2Header(text, plus, out var bareStart, out var error);
        if (failure != ScramFailure.None)
        {
            return Fail(failure, error!);
        }

        if (!ScramAttributes.TryReadClientFirstBare(text.AsSpan(bareStart), out var clientNonce, out error))
        {
            return Fail(ScramFailure.MalformedMessage, error!);
        }

        _gs2Header = text[..bareStart];
        _clientFirstBare = text[bareStart..];
        if (_fixedServerNonce is null)
        {
            Span<char> serverNonce = stackalloc char[ScramMath.NonceLength];
            ScramMath.NewNonce(serverNonce);
            _nonce = string.Concat(clientNonce, serverNonce);
        }
        else
        {
            _nonce = string.Concat(clientNonce, _fixedServerNonce);
        }

        _serverFirst = string.Concat("r=", _nonce, _secret.ServerFirstTail);
        _step = Step.ExpectClientFinal;
        return ScramStepResult.Ok(Encoding.UTF8.GetBytes(_serverFirst));
    }

    public ScramStepResult HandleClientFinal(ReadOnlySpan<byte> clientFinal)
    {
        if (_step != Step.ExpectClientFinal)
        {
            return Fail(ScramFailure.MalformedMessage, "unexpected SCRAM client-final-message");
        }

        _step = Step.Done;
        if (!TryDecode(clientFinal, out var text)
            || !ScramAttributes.TryReadClientFinal(text, out var channelBinding64, out var nonce, out var withoutProofLength, out var proof64))
        {
            return Fail(ScramFailure.MalformedMessage, "malformed SCRAM client-final-message");
        }

        // Decoded into the stack: a binding longer than these bytes cannot be the expected one, but is decoded all the
        // same, so that bad base64 is told as such whatever its length.
        Span<byte> channelBinding = channelBinding64.Length <= MaxStackBase64
            ? stackalloc byte[(MaxStackBase64 / 4 * 3) + 3]
            : new byte[(channelBinding64.Length / 4 * 3) + 3];
        Span<byte> proof = stackalloc byte[ScramMath.KeyLength + 3];
        if (!Convert.TryFromBase64Chars(channelBinding64, channelBinding, out var bindingLength)
            || !Convert.TryFromBase64Chars(proof64, proof, out var proofLength) || proofLength != ScramMath.KeyLength)
        {
            return Fail(ScramFailure.MalformedMessage, "malformed SCRAM client-final-message");
        }

        if (!ChannelBindingMatches(channelBinding[..bindingLength]))
        {
            return Fail(ScramFailure.ChannelBinding, "SCRAM channel binding check failed");
        }

        if (!nonce.SequenceEqual(_nonce))
        {
            return Fail(ScramFailure.NonceMismatch, "SCRAM nonce mismatch");
        }

        // AuthMessage = client-first-message-bare "," server-first-message "," client-final-message-without-proof.
        var withoutProof = text.AsSpan(0, withoutProofLength);
        var length = Encoding.UTF8.GetByteCount(_clientFirstBare) + 1 + Encoding.UTF8.GetByteCount(_serverFirst) + 1
            + Encoding.UTF8.GetByteCount(withoutProof);
        byte[]? rented = null;
        Span<byte> authMessage = length <= MaxStackAuthMessage
            ? stackalloc byte[MaxStackAuthMessage]
            : (rented = ArrayPool<byte>.Shared.Rent(length));
        var written = Encoding.UTF8.GetBytes(_clientFirstBare, authMessage);
        authMessage[written++] = (byte)',';
        written += Encoding.UTF8.GetBytes(_serverFirst, authMessage[written..]);
        authMessage[written++] = (byte)',';
        written += Encoding.UTF8.GetBytes(withoutProof, authMessage[written..]);
        authMessage = authMessage[..written];
        try
        {
            Span<byte> clientSignature = stackalloc byte[ScramMath.KeyLength];
            _secret.StoredKeyHmac.Compute(authMessage, clientSignature);
            var clientKey = ScramMath.Xor(proof[..ScramMath.KeyLength], clientSignature);
            Span<byte> storedKey = stackalloc byte[ScramMath.KeyLength];
            SHA256.HashData(clientKey, storedKey);
            if (!CryptographicOperations.FixedTimeEquals(storedKey, _secret.StoredKey))
            {
                return Fail(ScramFailure.AuthenticationFailed, "SCRAM proof does not match the stored password");
            }

            RecoveredClientKey = clientKey;
            Span<byte> serverSignature = stackalloc byte[ScramMath.KeyLength];
            _secret.ServerKeyHmac.Compute(authMessage, serverSignature);
            return ScramStepResult.Ok(Encoding.ASCII.GetBytes("v=" + Convert.ToBase64String(serverSignature)));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static ScramStepResult Fail(ScramFailure failure, string error) => ScramStepResult.Failed(failure, error);

    private static bool TryDecode(ReadOnlySpan<byte> bytes, out string text)
    {
        text = string.Empty;
        if (!Utf8.IsValid(bytes))
        {
            return false;
        }

        text = Encoding.UTF8.GetString(bytes);
        return true;
    }

    /// <summary>The client's c= must be its own GS2 header, followed by the certificate hash when it bound to the channel.</summary>
    private bool ChannelBindingMatches(ReadOnlySpan<byte> offered)
    {
        var certificateHash = _usesChannelBinding ? _tlsServerEndPoint! : [];
        if (offered.Length != _gs2Header.Length + certificateHash.Length)
        {
            return false;
        }

        // The header is ASCII: its flag was checked, and an authzid was refused.
        Span<byte> expected = stackalloc byte[offered.Length];
        Encoding.ASCII.GetBytes(_gs2Header, expected);
        certificateHash.CopyTo(expected[_gs2Header.Length..]);
        return CryptographicOperations.FixedTimeEquals(offered, expected);
    }

    private ScramFailure ReadGs2Header(string text, bool plus, out int bareStart, out string? error)
    {
        bareStart = 0;
        error = null;
        if (text.Length < 3)
        {
            error = "malformed SCRAM message: missing GS2 header";
            return ScramFailure.MalformedMessage;
        }

        var position = text.IndexOf(',');
        if (position < 0)
        {
            error = "malformed SCRAM message: missing GS2 header";
            return ScramFailure.MalformedMessage;
        }

        var flag = text.AsSpan(0, position);
        if (flag.SequenceEqual("n") || flag.SequenceEqual("y"))
        {
            if (plus)
            {
                error = "channel binding is required by SCRAM-SHA-256-PLUS, but the client did not use it";
                return ScramFailure.ChannelBinding;
            }

            if (flag[0] == 'y' && _channelBindingMechanism is not null)
            {
                error = "SCRAM channel binding negotiation error";
                return ScramFailure.ChannelBinding;
            }
        }
        else if (flag.StartsWith("p="))
        {
            if (!plus)
            {
                error = "malformed SCRAM message: channel binding used with a mechanism that does not support it";
                return ScramFailure.ChannelBinding;
            }

            if (!flag[2..].SequenceEqual(_channelBindingMechanism))
            {
                error = "unsupported SCRAM channel-binding type";
                return ScramFailure.ChannelBinding;
            }

            _usesChannelBinding = true;
        }
        else
        {
            error = "malformed SCRAM message: unexpected channel-binding flag";
            return ScramFailure.MalformedMessage;
        }

        var authzidEnd = text.IndexOf(',', position + 1);
        if (authzidEnd < 0)
        {
            error = "malformed SCRAM message: missing GS2 header";
            return ScramFailure.MalformedMessage;
        }

        if (authzidEnd != position + 1)
        {
            error = "client uses authorization identity, but it is not supported";
            return ScramFailure.MalformedMessage;
        }

        bareStart = authzidEnd + 1;
        return ScramFailure.None;
    }
}
