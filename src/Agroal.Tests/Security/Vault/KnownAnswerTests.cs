using System.Text;
using Agroal.Actors.Security.Vault;

namespace Agroal.Tests.Security.Vault;

/// <summary>
/// Files built by hand from vectors computed outside .NET (Python hashlib and the cryptography package,
/// OpenSSL's command line), so a change to the layout or the derivation cannot pass unnoticed.
/// No pgagroal-written vault was found in pgagroal's test sources (its tests encrypt and decrypt round trips).
/// </summary>
[Collection(VaultCollection.Name)]
public sealed class KnownAnswerTests(VaultFixture vault)
{
    // passphrase "known-answer-passphrase", master salt 00 01 .. 0f:
    // master = hashlib.pbkdf2_hmac('sha256', passphrase, salt, 600000, 64)
    private const string KnownMasterKeyHex =
        "08a9c1e9ca158c73ee9191a7bfb865a208611a5ff29fab9862e96fb4ae3f19c3" +
        "1c7f8c0b72f6317ad614c07a5a3986bbcae221da0ec199a10595c502271731ba";

    // entry salt a0 a1 .. af; key ‖ iv = pbkdf2_hmac('sha256', master, salt, 1, 44);
    // blob = salt ‖ iv ‖ AESGCM(key).encrypt(iv, "kat-password-é", None)
    private const string KnownEntry = "oKGio6SlpqeoqaqrrK2ur7/e+btAhIpTqr8q71dSNlTGx73005TfTydMzR1uxd4S4rsa8S65tgXq2gY=";
    private const string KnownPassword = "kat-password-é";

    [Fact]
    public void Pgagroal_2_1_file_built_from_the_documented_formula_opens()
    {
        var directory = PrivateDirectory();
        var keyPath = Path.Combine(directory, "master.key");
        WritePrivate(keyPath, "a25vd24tYW5zd2VyLXBhc3NwaHJhc2U=\nAAECAwQFBgcICQoLDA0ODw==\n");
        var usersPath = Path.Combine(directory, "pgagroal_users.conf");
        File.WriteAllText(usersPath, "# written by hand\nkat:" + KnownEntry + "\n");

        var key = MasterKey.Load(keyPath);
        Assert.True(key.Ok, key.Error);
        var users = UserFile.Load(usersPath, key.Value);

        Assert.Equal(VaultFormat.Current, key.Value.Format);
        Assert.Equal(KnownMasterKeyHex, Convert.ToHexString(key.Value.DerivedKey).ToLowerInvariant());
        Assert.True(users.Ok, users.Error);
        Assert.Equal(KnownPassword, users.Value["kat"]);
    }

    [Fact]
    public void Writer_produces_the_known_blob_for_a_given_entry_salt()
    {
        var master = Convert.FromHexString(KnownMasterKeyHex);
        var salt = new byte[16];
        for (var i = 0; i < salt.Length; i++)
        {
            salt[i] = (byte)(0xA0 + i);
        }

        var blob = EntryCipher.SealCurrent(master, Encoding.UTF8.GetBytes(KnownPassword), salt);

        Assert.Equal(KnownEntry, Convert.ToBase64String(blob));
    }

    [Fact]
    public void Pgagroal_2_0_one_line_key_opens_cbc_entries_from_openssl()
    {
        var directory = PrivateDirectory();
        var keyPath = Path.Combine(directory, "master.key");
        WritePrivate(keyPath, Convert.ToBase64String(Encoding.UTF8.GetBytes("legacy-master-pass")));
        var usersPath = Path.Combine(directory, "pgagroal_users.conf");
        // Both entries: printf '<password>' | openssl enc -aes-256-cbc -md sha1 -nosalt -pass pass:legacy-master-pass -base64
        File.WriteAllText(usersPath, "legacy:d0Wf2doG5EA8nK6vC7f6+w==\n\nspaced:H1wkrhH/QoZrj57bjHAoIw==\n");

        var key = MasterKey.Load(keyPath);
        Assert.True(key.Ok, key.Error);
        var users = UserFile.Load(usersPath, key.Value);

        Assert.Equal(VaultFormat.Legacy, key.Value.Format);
        Assert.True(users.Ok, users.Error);
        Assert.Equal("legacy-secret", users.Value["legacy"]);
        Assert.Equal("p@ss word 2", users.Value["spaced"]);
    }

    [Fact]
    public void Pgagroal_2_0_key_is_not_used_to_write_entries()
    {
        var directory = PrivateDirectory();
        var keyPath = Path.Combine(directory, "master.key");
        WritePrivate(keyPath, Convert.ToBase64String(Encoding.UTF8.GetBytes("legacy-master-pass")) + "\n");
        var usersPath = Path.Combine(directory, "pgagroal_users.conf");
        File.WriteAllText(usersPath, "legacy:d0Wf2doG5EA8nK6vC7f6+w==\n");
        var key = MasterKey.Load(keyPath);
        Assert.True(key.Ok, key.Error);

        var result = UserFile.Add(usersPath, key.Value, "new", "new-password");

        Assert.False(result.Ok);
        Assert.Contains("2.0 format", result.Error);
        Assert.Equal("legacy:d0Wf2doG5EA8nK6vC7f6+w==\n", File.ReadAllText(usersPath));
    }

    private string PrivateDirectory()
    {
        var directory = vault.NewDirectory();
        UnixMode.Set(directory, "0700");
        return directory;
    }

    private static void WritePrivate(string path, string content)
    {
        File.WriteAllText(path, content);
        UnixMode.Set(path, "0600");
    }
}
