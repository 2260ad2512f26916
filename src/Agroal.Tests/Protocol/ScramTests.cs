using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Agroal.Actors.Protocol;

namespace Agroal.Tests.Protocol;

/// <summary>RFC 7677 section 3: user "user", password "pencil".</summary>
public class ScramTests
{
    private const string ClientNonce = "rOprNGfwEbeRWgbNEkqO";
    private const string ServerNonce = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    private const string ClientFirst = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
    private const string ServerFirst = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
    private const string ClientFinal = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    private const string ServerFinal = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

    private static readonly byte[] Salt = Convert.FromBase64String("W22ZaJ0SNY7soEsUEjb6gQ==");
    private static readonly ScramSecret PencilSecret = ScramSecret.FromPassword("pencil", Salt, 4096);

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string Text(byte[]? bytes) => Encoding.UTF8.GetString(bytes!);

    private static ScramServerSession RfcServer() => new(PencilSecret, null, null, ServerNonce);

    [Fact]
    public void Server_answers_the_rfc_client_first_with_the_rfc_server_first()
    {
        var result = RfcServer().HandleClientFirst("SCRAM-SHA-256", Bytes(ClientFirst));

        Assert.True(result.Success, result.Error);
        Assert.Equal(ServerFirst, Text(result.Message));
    }

    [Fact]
    public void Server_verifies_the_rfc_client_final_and_answers_the_rfc_server_final()
    {
        var server = RfcServer();
        server.HandleClientFirst("SCRAM-SHA-256", Bytes(ClientFirst));

        var result = server.HandleClientFinal(Bytes(ClientFinal));

        Assert.True(result.Success, result.Error);
        Assert.Equal(ServerFinal, Text(result.Message));
        Assert.True(server.IsCompleted);
    }

    [Fact]
    public void Recovered_client_key_equals_the_real_client_key()
    {
        var server = RfcServer();
        server.HandleClientFirst("SCRAM-SHA-256", Bytes(ClientFirst));
        server.HandleClientFinal(Bytes(ClientFinal));

        var salted = Rfc2898DeriveBytes.Pbkdf2(Bytes("pencil"), Salt, 4096, HashAlgorithmName.SHA256, 32);
        Assert.Equal(HMACSHA256.HashData(salted, Bytes("Client Key")), server.RecoveredClientKey);
    }

    [Fact]
    public void Client_produces_the_rfc_messages_and_accepts_the_rfc_server_final()
    {
        var client = new ScramClientSession("pencil", "user", ClientNonce);

        Assert.Equal(ClientFirst, Text(client.CreateClientFirst()));
        var final = client.HandleServerFirst(Bytes(ServerFirst));
        Assert.True(final.Success, final.Error);
        Assert.Equal(ClientFinal, Text(final.Message));
        Assert.True(client.VerifyServerFinal(Bytes(ServerFinal)));
        Assert.Equal(Salt, client.Salt);
        Assert.Equal(4096, client.Iterations);
    }

    [Fact]
    public void Client_sends_an_empty_user_name_like_libpq()
    {
        var first = Text(new ScramClientSession("pencil").CreateClientFirst());

        Assert.StartsWith("n,,n=,r=", first, StringComparison.Ordinal);
        Assert.Equal(24, first.Length - "n,,n=,r=".Length);
    }

    [Fact]
    public void Client_rejects_a_forged_server_signature_and_reports_server_errors()
    {
        var client = new ScramClientSession("pencil", "user", ClientNonce);
        client.CreateClientFirst();
        client.HandleServerFirst(Bytes(ServerFirst));

        Assert.False(client.VerifyServerFinal(Bytes("v=" + Convert.ToBase64String(new byte[32]))));

        var other = new ScramClientSession("pencil", "user", ClientNonce);
        other.CreateClientFirst();
        other.HandleServerFirst(Bytes(ServerFirst));
        Assert.False(other.VerifyServerFinal(Bytes("e=invalid-proof")));
        Assert.Equal("invalid-proof", other.ServerError);
    }

    [Fact]
    public void Client_rejects_a_server_nonce_not_extending_its_own()
    {
        var client = new ScramClientSession("pencil", "user", ClientNonce);
        client.CreateClientFirst();

        var result = client.HandleServerFirst(Bytes("r=somethingElse123,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"));

        Assert.False(result.Success);
        Assert.Equal(ScramFailure.NonceMismatch, result.Failure);
    }

    [Fact]
    public void Wrong_proof_is_rejected_as_invalid_password()
    {
        var server = RfcServer();
        server.HandleClientFirst("SCRAM-SHA-256", Bytes(ClientFirst));
        var wrongProof = ClientFinal[..ClientFinal.IndexOf(",p=", StringComparison.Ordinal)] + ",p=" + Convert.ToBase64String(new byte[32]);

        var result = server.HandleClientFinal(Bytes(wrongProof));

        Assert.False(result.Success);
        Assert.Equal(ScramFailure.AuthenticationFailed, result.Failure);
        Assert.Equal(SqlState.InvalidPassword, result.SqlState);
        Assert.Null(server.RecoveredClientKey);
    }

    [Fact]
    public void Wrong_password_from_a_real_client_session_is_rejected()
    {
        var server = new ScramServerSession(PencilSecret);
        var client = new ScramClientSession("pen");

        var serverFirst = server.HandleClientFirst("SCRAM-SHA-256", client.CreateClientFirst());
        var clientFinal = client.HandleServerFirst(serverFirst.Message);
        var outcome = server.HandleClientFinal(clientFinal.Message);

        Assert.False(outcome.Success);
        Assert.Equal(ScramFailure.AuthenticationFailed, outcome.Failure);
    }

    [Fact]
    public void Nonce_mismatch_in_client_final_is_rejected()
    {
        var server = RfcServer();
        server.HandleClientFirst("SCRAM-SHA-256", Bytes(ClientFirst));

        var result = server.HandleClientFinal(Bytes(ClientFinal.Replace("k0,p=", "k1,p=", StringComparison.Ordinal)));

        Assert.False(result.Success);
        Assert.Equal(ScramFailure.NonceMismatch, result.Failure);
    }

    [Theory]
    [InlineData("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0")]
    [InlineData("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=!!not-base64!!")]
    [InlineData("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==")]
    [InlineData("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("c=@@@@,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=")]
    [InlineData("x=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=")]
    [InlineData("c=biws,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=")]
    [InlineData("")]
    public void Malformed_client_final_is_refused_as_malformed(string clientFinal)
    {
        var server = RfcServer();
        server.HandleClientFirst("SCRAM-SHA-256", Bytes(ClientFirst));

        var result = server.HandleClientFinal(Bytes(clientFinal));

        Assert.False(result.Success);
        Assert.Equal(ScramFailure.MalformedMessage, result.Failure);
        Assert.Null(server.RecoveredClientKey);
    }

    [Fact]
    public void A_long_channel_binding_is_decoded_and_refused_as_a_binding_mismatch()
    {
        var server = RfcServer();
        server.HandleClientFirst("SCRAM-SHA-256", Bytes(ClientFirst));
        var longBinding = Convert.ToBase64String(new byte[600]);

        var result = server.HandleClientFinal(Bytes(ClientFinal.Replace("c=biws", "c=" + longBinding, StringComparison.Ordinal)));

        Assert.False(result.Success);
        Assert.Equal(ScramFailure.ChannelBinding, result.Failure);
    }

    [Fact]
    public void A_user_name_beyond_the_stack_buffer_still_verifies()
    {
        var user = new string('u', 2000);
        var server = new ScramServerSession(PencilSecret);
        var client = new ScramClientSession("pencil", user, null);

        var serverFirst = server.HandleClientFirst("SCRAM-SHA-256", client.CreateClientFirst());
        var clientFinal = client.HandleServerFirst(serverFirst.Message);
        var outcome = server.HandleClientFinal(clientFinal.Message);

        Assert.True(outcome.Success, outcome.Error);
        Assert.True(client.VerifyServerFinal(outcome.Message));
    }

    [Theory]
    [InlineData("y,,n=user,r=abc")]
    [InlineData("n,a=admin,n=user,r=abc")]
    [InlineData("n,,m=ext,n=user,r=abc")]
    [InlineData("x,,n=user,r=abc")]
    [InlineData("n,,n=user")]
    [InlineData("n,,n=user,r=")]
    [InlineData("garbage")]
    [InlineData("")]
    public void Malformed_or_unsupported_client_first_is_refused(string clientFirst)
    {
        var server = new ScramServerSession(PencilSecret, ScramServerSession.TlsServerEndPoint, new byte[32]);

        var result = server.HandleClientFirst("SCRAM-SHA-256", Bytes(clientFirst));

        Assert.False(result.Success);
        Assert.NotNull(result.Error);
    }

    [Fact]
    public void Unknown_mechanism_and_plus_without_channel_binding_are_refused()
    {
        Assert.False(RfcServer().HandleClientFirst("SCRAM-SHA-1", Bytes(ClientFirst)).Success);
        Assert.Equal(ScramFailure.ChannelBinding, RfcServer().HandleClientFirst("SCRAM-SHA-256-PLUS", Bytes(ClientFirst)).Failure);
    }

    [Fact]
    public void Channel_binding_with_tls_server_end_point_is_verified()
    {
        var endPoint = SHA256.HashData(Bytes("certificate"));
        var server = new ScramServerSession(PencilSecret, ScramServerSession.TlsServerEndPoint, endPoint, ServerNonce);
        Assert.Equal(["SCRAM-SHA-256-PLUS", "SCRAM-SHA-256"], server.Mechanisms);
        const string gs2 = "p=tls-server-end-point,,";
        var clientFirstBare = "n=,r=" + ClientNonce;
        var serverFirst = Text(server.HandleClientFirst("SCRAM-SHA-256-PLUS", Bytes(gs2 + clientFirstBare)).Message);

        var salted = Rfc2898DeriveBytes.Pbkdf2(Bytes("pencil"), Salt, 4096, HashAlgorithmName.SHA256, 32);
        var clientKey = HMACSHA256.HashData(salted, Bytes("Client Key"));
        var channelBinding = Convert.ToBase64String([.. Bytes(gs2), .. endPoint]);
        var withoutProof = $"c={channelBinding},r={ClientNonce}{ServerNonce}";
        var signature = HMACSHA256.HashData(SHA256.HashData(clientKey), Bytes($"{clientFirstBare},{serverFirst},{withoutProof}"));
        var proof = clientKey.Zip(signature, (a, b) => (byte)(a ^ b)).ToArray();

        var result = server.HandleClientFinal(Bytes($"{withoutProof},p={Convert.ToBase64String(proof)}"));

        Assert.True(result.Success, result.Error);
    }

    [Fact]
    public void Channel_binding_data_mismatch_is_refused()
    {
        var server = new ScramServerSession(PencilSecret, ScramServerSession.TlsServerEndPoint, new byte[32], ServerNonce);
        server.HandleClientFirst("SCRAM-SHA-256-PLUS", Bytes("p=tls-server-end-point,,n=,r=" + ClientNonce));
        var channelBinding = Convert.ToBase64String([.. Bytes("p=tls-server-end-point,,"), .. new byte[31], 1]);

        var result = server.HandleClientFinal(Bytes($"c={channelBinding},r={ClientNonce}{ServerNonce},p={Convert.ToBase64String(new byte[32])}"));

        Assert.Equal(ScramFailure.ChannelBinding, result.Failure);
    }

    [Fact]
    public void Client_y_flag_when_server_offers_plus_is_a_downgrade_and_refused()
    {
        var server = new ScramServerSession(PencilSecret, ScramServerSession.TlsServerEndPoint, new byte[32]);

        var result = server.HandleClientFirst("SCRAM-SHA-256", Bytes("y,,n=,r=abc"));

        Assert.Equal(ScramFailure.ChannelBinding, result.Failure);
    }

    [Fact]
    public void Client_first_split_across_reads_is_framed_then_accepted()
    {
        var message = Sequences.Write(w => FrontendMessages.WriteSaslInitialResponse(w, "SCRAM-SHA-256", Bytes(ClientFirst)));
        var firstRead = new ReadOnlySequence<byte>(message, 0, 20);

        Assert.Equal(FrameStatus.NeedMoreData, MessageFramer.TryReadMessage(firstRead, MessageFramer.MaxLoginMessageLength, out _, out _, out _, out _));

        var bothReads = Sequences.SplitAt(message, 20, 33);
        Assert.Equal(FrameStatus.Complete, MessageFramer.TryReadMessage(bothReads, MessageFramer.MaxLoginMessageLength, out var tag, out var payload, out _, out _));
        Assert.Equal(FrontendTag.Password, tag);
        var (mechanism, data) = PasswordMessageReader.ReadSaslInitialResponse(payload);
        var result = RfcServer().HandleClientFirst(mechanism, data);
        Assert.Equal(ServerFirst, Text(result.Message));
    }

    [Fact]
    public void Steps_out_of_order_are_refused()
    {
        var server = RfcServer();
        Assert.False(server.HandleClientFinal(Bytes(ClientFinal)).Success);

        var client = new ScramClientSession("pencil");
        Assert.False(client.HandleServerFirst(Bytes(ServerFirst)).Success);
        Assert.False(client.VerifyServerFinal(Bytes(ServerFinal)));
    }

    [Fact]
    public void Pass_through_with_recovered_client_key_logs_in_without_the_password()
    {
        var clientSide = new ScramServerSession(PencilSecret);
        var user = new ScramClientSession("pencil");
        var first = clientSide.HandleClientFirst("SCRAM-SHA-256", user.CreateClientFirst());
        clientSide.HandleClientFinal(user.HandleServerFirst(first.Message).Message);

        var backend = new ScramServerSession(PencilSecret);
        var pooler = new ScramClientSession(clientSide.RecoveredClientKey!, PencilSecret.ServerKey);
        var serverFirst = backend.HandleClientFirst("SCRAM-SHA-256", pooler.CreateClientFirst());
        var outcome = backend.HandleClientFinal(pooler.HandleServerFirst(serverFirst.Message).Message);

        Assert.True(outcome.Success, outcome.Error);
        Assert.True(pooler.VerifyServerFinal(outcome.Message));
    }

    [Fact]
    public void Client_built_from_password_exposes_keys_for_caching()
    {
        var client = new ScramClientSession("pencil", "user", ClientNonce);
        client.CreateClientFirst();
        client.HandleServerFirst(Bytes(ServerFirst));

        Assert.Equal(PencilSecret.ServerKey, client.ServerKey);
        Assert.Equal(PencilSecret.StoredKey, SHA256.HashData(client.ClientKey!));
    }
}
