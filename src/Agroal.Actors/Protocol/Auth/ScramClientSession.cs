using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;

namespace Agroal.Actors.Protocol;

/// <summary>
/// The client half of one SCRAM-SHA-256 exchange, used when the pooler logs in to PostgreSQL. Without TLS it
/// sends "n,,"; over TLS it either binds to the server's certificate (SCRAM-SHA-256-PLUS with tls-server-end-point,
/// see <see cref="BindToTlsServerEndPoint"/>) or says it could have bound ("y,,", see <see cref="AnnounceBindingSupport"/>),
/// so that a server that did offer -PLUS detects a man in the middle stripping it. Built from a password, it runs PBKDF2 once the server's salt is known and
/// then exposes the derived keys so the caller can cache them; built from keys (SCRAM pass-through, or
/// the cache), it runs HMACs only.
/// </summary>
public sealed class ScramClientSession
{
    private const string Gs2NoBinding = "n,,";
    private const string Gs2BindingSupported = "y,,";
    private const string Gs2TlsServerEndPoint = "p=tls-server-end-point,,";
    private const string PlusMechanism = "SCRAM-SHA-256-PLUS";

    private string _gs2Header = Gs2NoBinding;
    private byte[] _bindingData = [];

    private readonly string? _password;
    private readonly string _userName;
    private readonly string _clientNonce;

    private Step _step = Step.CreateFirst;
    private string _clientFirstBare = string.Empty;
    private byte[]? _expectedServerSignature;

    public ScramClientSession(string password)
        : this(password, string.Empty, null)
    {
    }

    /// <summary>Pass-through or cached keys: the ClientKey recovered from a client (or cached), and the ServerKey.</summary>
    public ScramClientSession(byte[] clientKey, byte[] serverKey)
        : this(null, string.Empty, null)
    {
        ClientKey = clientKey;
        ServerKey = serverKey;
    }

    /// <summary>Test seam: fixed user name and nonce, as in the RFC examples.</summary>
    internal ScramClientSession(string? password, string userName, string? clientNonce)
    {
        _password = password;
        _userName = userName;
        _clientNonce = clientNonce ?? ScramMath.NewNonce();
    }

    internal ScramClientSession(byte[] clientKey, byte[] serverKey, string userName, string clientNonce)
        : this(null, userName, clientNonce)
    {
        ClientKey = clientKey;
        ServerKey = serverKey;
    }

    private enum Step
    {
        CreateFirst,
        ExpectServerFirst,
        ExpectServerFinal,
        Done,
    }

    /// <summary>SCRAM-SHA-256, or SCRAM-SHA-256-PLUS once bound to the server's certificate.</summary>
    public string Mechanism => IsBound ? PlusMechanism : ScramServerSession.Mechanism;

    /// <summary>True when the exchange carries the tls-server-end-point binding (the server checks it).</summary>
    public bool IsBound { get; private set; }

    /// <summary>
    /// Binds the exchange to the TLS connection: <paramref name="certificateHash"/> is the tls-server-end-point data of
    /// the certificate the server presented. Call before <see cref="CreateClientFirst"/>.
    /// </summary>
    public void BindToTlsServerEndPoint(byte[] certificateHash)
    {
        ArgumentNullException.ThrowIfNull(certificateHash);
        _gs2Header = Gs2TlsServerEndPoint;
        _bindingData = certificateHash;
        IsBound = true;
    }

    /// <summary>Over TLS without binding: the server did not offer -PLUS (or channel_binding = disabled).</summary>
    public void AnnounceBindingSupport()
    {
        _gs2Header = Gs2BindingSupported;
        _bindingData = [];
        IsBound = false;
    }

    /// <summary>Known from the start with keys; after <see cref="HandleServerFirst"/> with a password.</summary>
    public byte[]? ClientKey { get; private set; }

    public byte[]? ServerKey { get; private set; }

    /// <summary>The server's salt and iteration count, to key a cache of derived keys.</summary>
    public byte[]? Salt { get; private set; }

    public int Iterations { get; private set; }

    /// <summary>The server's "e=" error, when its final message carried one.</summary>
    public string? ServerError { get; private set; }

    /// <summary>"&lt;gs2 header&gt;n=,r=&lt;nonce&gt;": like libpq, an empty user name (PostgreSQL uses the startup user).</summary>
    public byte[] CreateClientFirst()
    {
        _clientFirstBare = $"n={EscapeUserName(_userName)},r={_clientNonce}";
        _step = Step.ExpectServerFirst;
        return Encoding.UTF8.GetBytes(_gs2Header + _clientFirstBare);
    }

    /// <summary>Checks the server-first-message and answers with the client-final-message.</summary>
    public ScramStepResult HandleServerFirst(ReadOnlySpan<byte> serverFirst)
    {
        if (_step != Step.ExpectServerFirst)
        {
            return ScramStepResult.Failed(ScramFailure.MalformedMessage, "unexpected SCRAM server-first-message");
        }

        _step = Step.Done;
        if (!Utf8.IsValid(serverFirst))
        {
            return ScramStepResult.Failed(ScramFailure.MalformedMessage, "malformed SCRAM server-first-message");
        }

        var text = Encoding.UTF8.GetString(serverFirst);
        if (!ScramAttributes.TryReadServerFirst(text, out var nonce, out var salt, out var iterations, out var error))
        {
            return ScramStepResult.Failed(ScramFailure.MalformedMessage, error!);
        }

        if (nonce.Length <= _clientNonce.Length || !nonce.StartsWith(_clientNonce, StringComparison.Ordinal))
        {
            return ScramStepResult.Failed(ScramFailure.NonceMismatch, "invalid SCRAM response (nonce mismatch)");
        }

        Salt = salt;
        Iterations = iterations;
        if (_password is not null)
        {
            var salted = ScramMath.SaltedPassword(_password, salt, iterations);
            ClientKey = ScramMath.ClientKey(salted);
            ServerKey = ScramMath.ServerKey(salted);
        }

        var withoutProof = $"c={ChannelBindingAttribute()},r={nonce}";
        var authMessage = $"{_clientFirstBare},{text},{withoutProof}";
        var clientSignature = ScramMath.Hmac(ScramMath.StoredKey(ClientKey!), authMessage);
        var proof = ScramMath.Xor(ClientKey!, clientSignature);
        _expectedServerSignature = ScramMath.Hmac(ServerKey!, authMessage);
        _step = Step.ExpectServerFinal;
        return ScramStepResult.Ok(Encoding.ASCII.GetBytes($"{withoutProof},p={Convert.ToBase64String(proof)}"));
    }

    /// <summary>True when the server proved it knows the password ("v=" matches); false on "e=" or anything else.</summary>
    public bool VerifyServerFinal(ReadOnlySpan<byte> serverFinal)
    {
        if (_step != Step.ExpectServerFinal || _expectedServerSignature is null)
        {
            return false;
        }

        _step = Step.Done;
        if (!Utf8.IsValid(serverFinal))
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(serverFinal);
        if (text.StartsWith("e=", StringComparison.Ordinal))
        {
            ServerError = text[2..];
            return false;
        }

        var end = text.IndexOf(',');
        var value = end < 0 ? text.AsSpan() : text.AsSpan(0, end);
        return value.StartsWith("v=")
            && ScramMath.TryDecodeBase64(value[2..], out var signature)
            && CryptographicOperations.FixedTimeEquals(signature, _expectedServerSignature);
    }

    /// <summary>The "c=" value: base64 of the GS2 header followed by the binding data (none unless bound).</summary>
    private string ChannelBindingAttribute()
    {
        var header = Encoding.ASCII.GetBytes(_gs2Header);
        var input = new byte[header.Length + _bindingData.Length];
        header.CopyTo(input, 0);
        _bindingData.CopyTo(input, header.Length);
        return Convert.ToBase64String(input);
    }

    private static string EscapeUserName(string userName) =>
        userName.Replace("=", "=3D", StringComparison.Ordinal).Replace(",", "=2C", StringComparison.Ordinal);
}
