using Agroal.Actors.Protocol;

namespace Agroal.Tests.Protocol;

/// <summary>Secrets produced by PostgreSQL 15 (password_encryption = scram-sha-256) when these tests were written.</summary>
public class ScramSecretTests
{
    private const string PostgresSecretForP =
        "SCRAM-SHA-256$4096:RzZ6RGsCnVWnT9JohILroQ==$g64xpsfRIf9sb4OIeJpUOle/TFMGqs0zBrdr6YzfYsE=:gG/9zuYtlSXRgd1faJYE71c8dE7mG1e6Y4wMwP3vL0Y=";

    /// <summary>CREATE ROLE ... PASSWORD U&amp;'pa\00ADss': the soft hyphen is mapped to nothing.</summary>
    private const string PostgresSecretForSoftHyphen =
        "SCRAM-SHA-256$4096:FDx9mQv1N6O8FKsMu2m46w==$wAILxV6K/x12B2Vlf+r+0ygxXCMn+vNssDUdrW+w4w0=:hYbm0+2g/WhiSyGdMFPl+JKBqRY7mXi8FWJPY3QCTx4=";

    /// <summary>U&amp;'\FF30\2168' (fullwidth P, roman numeral nine): NFKC gives "PIX".</summary>
    private const string PostgresSecretForFullwidth =
        "SCRAM-SHA-256$4096:9mF42+ZWig2LR9RQ7FrK+g==$oOFTu76e5QR3VOYylqgUX4+E4Wg5ePcU5/Y5yDwU5Wo=:lQfyN6qt/Km/ckCn2kRflaaYlEWOQ/Q0qDaOiZp6Bkw=";

    /// <summary>U&amp;'a\0007b': ASCII, used as it is despite the control character.</summary>
    private const string PostgresSecretForBell =
        "SCRAM-SHA-256$4096:4oU1krAyvLiFTTKO4cmc0g==$Yp7arACK00FaI7q6oW/rprNXaeFgkPtQVka+2tgkG+A=:xK0PSO1c/qEgsKz4hLVdUdZt6pwQELt6b1qQ+hhbUw4=";

    [Fact]
    public void Parse_and_format_round_trip()
    {
        Assert.True(ScramSecret.TryParse(PostgresSecretForP, out var secret));

        Assert.Equal(4096, secret!.Iterations);
        Assert.Equal(16, secret.Salt.Length);
        Assert.Equal(32, secret.StoredKey.Length);
        Assert.Equal(PostgresSecretForP, secret.ToString());
    }

    [Theory]
    [InlineData("p", PostgresSecretForP)]
    [InlineData("pa\u00ADss", PostgresSecretForSoftHyphen)]
    [InlineData("\uFF30\u2168", PostgresSecretForFullwidth)]
    [InlineData("a\u0007b", PostgresSecretForBell)]
    public void From_password_equals_the_secret_postgresql_15_stored(string password, string postgresSecret)
    {
        ScramSecret.TryParse(postgresSecret, out var stored);

        var derived = ScramSecret.FromPassword(password, stored!.Salt, stored.Iterations);

        Assert.Equal(stored.StoredKey, derived.StoredKey);
        Assert.Equal(stored.ServerKey, derived.ServerKey);
        Assert.Equal(postgresSecret, derived.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("md5a3556571e93b0d20722ba62be61e8c2d")]
    [InlineData("SCRAM-SHA-256$4096:RzZ6RGsCnVWnT9JohILroQ==")]
    [InlineData("SCRAM-SHA-256$x:RzZ6RGsCnVWnT9JohILroQ==$g64xpsfRIf9sb4OIeJpUOle/TFMGqs0zBrdr6YzfYsE=:gG/9zuYtlSXRgd1faJYE71c8dE7mG1e6Y4wMwP3vL0Y=")]
    [InlineData("SCRAM-SHA-256$0:RzZ6RGsCnVWnT9JohILroQ==$g64xpsfRIf9sb4OIeJpUOle/TFMGqs0zBrdr6YzfYsE=:gG/9zuYtlSXRgd1faJYE71c8dE7mG1e6Y4wMwP3vL0Y=")]
    [InlineData("SCRAM-SHA-256$4096:!!!$g64xpsfRIf9sb4OIeJpUOle/TFMGqs0zBrdr6YzfYsE=:gG/9zuYtlSXRgd1faJYE71c8dE7mG1e6Y4wMwP3vL0Y=")]
    [InlineData("SCRAM-SHA-256$4096:RzZ6RGsCnVWnT9JohILroQ==$AAAA:gG/9zuYtlSXRgd1faJYE71c8dE7mG1e6Y4wMwP3vL0Y=")]
    public void Malformed_secrets_are_rejected(string? text)
    {
        Assert.False(ScramSecret.TryParse(text, out var secret));
        Assert.Null(secret);
    }

    [Fact]
    public void Create_uses_a_fresh_salt_each_time()
    {
        var first = ScramSecret.Create("p", 16);
        var second = ScramSecret.Create("p", 16);

        Assert.NotEqual(first.Salt, second.Salt);
        Assert.True(ScramSecret.TryParse(first.ToString(), out var parsed));
        Assert.Equal(first.ServerKey, parsed!.ServerKey);
    }

    [Fact]
    public void Unknown_user_secret_has_a_stable_salt_and_fails_at_the_proof()
    {
        var key = new byte[32];
        var first = ScramSecret.ForUnknownUser("ghost", key);
        Assert.Equal(first.Salt, ScramSecret.ForUnknownUser("ghost", key).Salt);
        Assert.NotEqual(first.Salt, ScramSecret.ForUnknownUser("other", key).Salt);

        var server = new ScramServerSession(first);
        var client = new ScramClientSession("any password");
        var serverFirst = server.HandleClientFirst(ScramServerSession.Mechanism, client.CreateClientFirst());
        Assert.True(serverFirst.Success);
        var outcome = server.HandleClientFinal(client.HandleServerFirst(serverFirst.Message).Message);

        Assert.Equal(ScramFailure.AuthenticationFailed, outcome.Failure);
    }
}
