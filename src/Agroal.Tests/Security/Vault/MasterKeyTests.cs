using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Agroal.Actors.Security.Vault;

namespace Agroal.Tests.Security.Vault;

[Collection(VaultCollection.Name)]
public sealed class MasterKeyTests(VaultFixture vault)
{
    [Fact]
    public void Create_writes_base64_passphrase_and_16_byte_salt_in_a_0700_directory_as_0600()
    {
        var lines = File.ReadAllLines(vault.KeyPath);

        Assert.Equal(2, lines.Length);
        Assert.Equal(VaultFixture.Passphrase, Encoding.UTF8.GetString(Convert.FromBase64String(lines[0])));
        Assert.Equal(16, Convert.FromBase64String(lines[1]).Length);
        Assert.Equal("0700", UnixMode.Get(Path.GetDirectoryName(vault.KeyPath)!));
        Assert.Equal("0600", UnixMode.Get(vault.KeyPath));
        Assert.Equal(VaultFormat.Current, vault.Key.Format);
        Assert.Equal(MasterKey.DerivedKeyLength, vault.Key.DerivedKey.Length);
    }

    [Fact]
    public void Create_refuses_an_existing_file_unless_told_to_overwrite()
    {
        var before = File.ReadAllText(vault.KeyPath);

        var result = MasterKey.Create(vault.KeyPath, "another-passphrase", overwrite: false);

        Assert.False(result.Ok);
        Assert.Contains("already exists", result.Error);
        Assert.Equal(before, File.ReadAllText(vault.KeyPath));
    }

    [Fact]
    public void Create_refuses_a_passphrase_shorter_than_8_characters()
    {
        var path = Path.Combine(vault.NewDirectory(), "keys", "master.key");

        var result = MasterKey.Create(path, "short", overwrite: false);

        Assert.False(result.Ok);
        Assert.Contains("at least 8", result.Error);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Load_of_the_same_file_reuses_the_derived_key_of_this_process()
    {
        var first = MasterKey.Load(vault.KeyPath);
        var second = MasterKey.LoadDefault(name => name == "HOME" ? vault.Home : null);

        Assert.True(first.Ok, first.Error);
        Assert.True(second.Ok, second.Error);
        Assert.True(Unsafe.AreSame(
            ref MemoryMarshal.GetReference(first.Value.DerivedKey),
            ref MemoryMarshal.GetReference(second.Value.DerivedKey)));
    }

    [Fact]
    public void LoadDefault_without_HOME_says_so()
    {
        var result = MasterKey.LoadDefault(_ => null);

        Assert.False(result.Ok);
        Assert.Contains("HOME", result.Error);
    }

    [Fact]
    public void Load_of_a_missing_file_names_it()
    {
        var path = Path.Combine(vault.NewDirectory(), "master.key");

        var result = MasterKey.Load(path);

        Assert.False(result.Ok);
        Assert.Contains(path, result.Error);
        Assert.Contains("does not exist", result.Error);
    }

    [Theory]
    [InlineData("0700", "0600", true)]
    [InlineData("0755", "0600", false)]
    [InlineData("0750", "0600", false)]
    [InlineData("0700", "0644", false)]
    [InlineData("0700", "0640", false)]
    [InlineData("0700", "0604", false)]
    public void Load_accepts_only_a_private_directory_and_file(string directoryMode, string fileMode, bool accepted)
    {
        var directory = Path.Combine(vault.NewDirectory(), ".pgagroal");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "master.key");
        File.WriteAllText(path, Convert.ToBase64String(Encoding.UTF8.GetBytes("legacy-master-pass")) + "\n");
        UnixMode.Set(directory, directoryMode);
        UnixMode.Set(path, fileMode);

        var result = MasterKey.Load(path);

        Assert.Equal(accepted, result.Ok);
        if (!accepted)
        {
            var (found, required) = directoryMode != "0700" ? (directoryMode, "0700") : (fileMode, "0600");
            Assert.Contains($"mode {found}", result.Error);
            Assert.Contains($"must be {required}", result.Error);
        }
    }

    [Fact]
    public void Create_refuses_a_directory_that_others_can_read()
    {
        var directory = Path.Combine(vault.NewDirectory(), ".pgagroal");
        Directory.CreateDirectory(directory);
        UnixMode.Set(directory, "0755");

        var result = MasterKey.Create(Path.Combine(directory, "master.key"), "long-enough-passphrase", overwrite: false);

        Assert.False(result.Ok);
        Assert.Contains("mode 0755", result.Error);
    }

    [Theory]
    [InlineData("not base64 at all!\n")]
    [InlineData("a2V5\nc2hvcnQ=\n")]
    [InlineData("a2V5\nAAECAwQFBgcICQoLDA0ODw==\nextra\n")]
    [InlineData("\n\n")]
    public void Load_refuses_a_malformed_key_file(string content)
    {
        var directory = vault.NewDirectory();
        UnixMode.Set(directory, "0700");
        var path = Path.Combine(directory, "master.key");
        File.WriteAllText(path, content);
        UnixMode.Set(path, "0600");

        var result = MasterKey.Load(path);

        Assert.False(result.Ok);
        Assert.Contains(path, result.Error);
    }

    [Fact]
    public void Seal_and_open_round_trip_a_payload_and_detect_tampering()
    {
        var payload = Encoding.UTF8.GetBytes("{\"Header\":{\"Command\":16}}");

        var sealedPayload = vault.Key.Seal(payload);
        Assert.True(sealedPayload.Ok, sealedPayload.Error);
        var opened = vault.Key.Open(sealedPayload.Value);
        sealedPayload.Value[^1] ^= 0x01;
        var tampered = vault.Key.Open(sealedPayload.Value);

        Assert.Equal(payload, opened.Value);
        Assert.Contains("wrong master key or tampered data", tampered.Error);
    }
}
