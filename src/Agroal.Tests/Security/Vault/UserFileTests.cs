using System.Text;
using Agroal.Actors.Security.Vault;

namespace Agroal.Tests.Security.Vault;

[Collection(VaultCollection.Name)]
public sealed class UserFileTests(VaultFixture vault)
{
    [Fact]
    public void Added_users_load_back_with_their_passwords()
    {
        var path = UsersPath();

        Assert.True(UserFile.Add(path, vault.Key, "alice", "alice-password").Ok);
        Assert.True(UserFile.Add(path, vault.Key, "bob", "bøb pass: with colon").Ok);
        var users = UserFile.Load(path, vault.Key);

        Assert.True(users.Ok, users.Error);
        Assert.Equal("alice-password", users.Value["alice"]);
        Assert.Equal("bøb pass: with colon", users.Value["bob"]);
        Assert.Equal("0600", UnixMode.Get(path));
    }

    [Fact]
    public void Edit_and_delete_keep_comments_blank_lines_and_other_entries()
    {
        var path = UsersPath();
        Assert.True(UserFile.Add(path, vault.Key, "alice", "first").Ok);
        Assert.True(UserFile.Add(path, vault.Key, "bob", "bob-password").Ok);
        var lines = File.ReadAllLines(path);
        File.WriteAllText(path, "# pooler users\n\n" + lines[0] + "\n; keep me\n" + lines[1] + "\n");

        Assert.True(UserFile.Edit(path, vault.Key, "alice", "second").Ok);
        Assert.True(UserFile.Delete(path, "bob").Ok);

        var text = File.ReadAllLines(path);
        Assert.Equal(["# pooler users", "", text[2], "; keep me"], text);
        Assert.StartsWith("alice:", text[2]);
        var users = UserFile.Load(path, vault.Key);
        Assert.True(users.Ok, users.Error);
        Assert.Equal("second", Assert.Single(users.Value).Value);
    }

    [Fact]
    public void ListUsers_returns_names_in_file_order_without_a_key()
    {
        var path = UsersPath();
        File.WriteAllText(path, "# comment\nzed:AAAA\n\nadam:BBBB\n");

        var users = UserFile.ListUsers(path);

        Assert.True(users.Ok, users.Error);
        Assert.Equal(["zed", "adam"], users.Value);
    }

    [Fact]
    public void Adding_an_existing_user_is_refused()
    {
        var path = UsersPath();
        Assert.True(UserFile.Add(path, vault.Key, "alice", "first").Ok);
        var before = File.ReadAllText(path);

        var result = UserFile.Add(path, vault.Key, "alice", "second");

        Assert.False(result.Ok);
        Assert.Contains("user alice already exists", result.Error);
        Assert.Equal(before, File.ReadAllText(path));
    }

    [Fact]
    public void Duplicate_user_in_a_file_is_reported_with_both_lines()
    {
        var path = UsersPath();
        File.WriteAllText(path, "alice:AAAA\n# x\nalice:BBBB\n");

        var result = UserFile.Load(path, vault.Key);

        Assert.False(result.Ok);
        Assert.Contains("line 3: duplicate user alice (first defined on line 1)", result.Error);
    }

    [Fact]
    public void Editing_or_deleting_an_unknown_user_is_refused()
    {
        var path = UsersPath();
        Assert.True(UserFile.Add(path, vault.Key, "alice", "first").Ok);

        var edited = UserFile.Edit(path, vault.Key, "nobody", "x-password");
        var deleted = UserFile.Delete(path, "nobody");

        Assert.Contains("user nobody does not exist", edited.Error);
        Assert.Contains("user nobody does not exist", deleted.Error);
    }

    [Fact]
    public void Entry_sealed_with_another_master_key_is_reported_as_wrong_key()
    {
        var path = UsersPath();
        Assert.True(UserFile.Add(path, OtherKey.Value, "carol", "carol-password").Ok);

        var result = UserFile.Load(path, vault.Key);

        Assert.False(result.Ok);
        Assert.Contains("cannot decrypt the entry for user carol: wrong master key or tampered entry", result.Error);
    }

    [Fact]
    public void Writing_with_a_key_that_cannot_open_existing_entries_is_refused()
    {
        var path = UsersPath();
        Assert.True(UserFile.Add(path, OtherKey.Value, "carol", "carol-password").Ok);
        var before = File.ReadAllText(path);

        var result = UserFile.Add(path, vault.Key, "dave", "dave-password");

        Assert.False(result.Ok);
        Assert.Contains("wrong master key", result.Error);
        Assert.Equal(before, File.ReadAllText(path));
    }

    [Fact]
    public void Tampered_entry_is_reported()
    {
        var path = UsersPath();
        Assert.True(UserFile.Add(path, vault.Key, "alice", "alice-password").Ok);
        var encoded = File.ReadAllText(path).Trim()["alice:".Length..];
        var blob = Convert.FromBase64String(encoded);
        blob[30] ^= 0x80;
        File.WriteAllText(path, "alice:" + Convert.ToBase64String(blob) + "\n");

        var result = UserFile.Load(path, vault.Key);

        Assert.False(result.Ok);
        Assert.Contains("line 1: cannot decrypt the entry for user alice: wrong master key or tampered entry", result.Error);
    }

    [Fact]
    public void Truncated_entry_is_reported()
    {
        var path = UsersPath();
        Assert.True(UserFile.Add(path, vault.Key, "alice", "alice-password").Ok);
        var blob = Convert.FromBase64String(File.ReadAllText(path).Trim()["alice:".Length..]);
        File.WriteAllText(path, "alice:" + Convert.ToBase64String(blob[..40]) + "\n");

        var result = UserFile.Load(path, vault.Key);

        Assert.False(result.Ok);
        Assert.Contains("the entry for user alice is truncated (40 bytes)", result.Error);
    }

    [Fact]
    public void Entry_that_is_not_base64_is_reported()
    {
        var path = UsersPath();
        File.WriteAllText(path, "\nalice:not*base64!\n");

        var result = UserFile.Load(path, vault.Key);

        Assert.False(result.Ok);
        Assert.Contains("line 2: the entry for user alice is not valid base64", result.Error);
    }

    [Theory]
    [InlineData("no-colon-here")]
    [InlineData(":AAAA")]
    [InlineData("alice:")]
    public void Line_without_username_and_password_is_reported(string line)
    {
        var path = UsersPath();
        File.WriteAllText(path, line + "\n");

        var result = UserFile.Load(path, vault.Key);

        Assert.False(result.Ok);
        Assert.Contains("line 1: expected username:password", result.Error);
    }

    [Fact]
    public void Missing_users_file_is_named()
    {
        var path = UsersPath();

        var result = UserFile.Load(path, vault.Key);

        Assert.False(result.Ok);
        Assert.Contains($"users file {path} does not exist", result.Error);
    }

    [Fact]
    public void Decrypted_password_that_is_not_utf8_is_refused()
    {
        var path = UsersPath();
        var blob = EntryCipher.SealCurrent(vault.Key.DerivedKey, [0x61, 0xFF, 0xFE]);
        File.WriteAllText(path, "alice:" + Convert.ToBase64String(blob) + "\n");

        var result = UserFile.Load(path, vault.Key);

        Assert.False(result.Ok);
        Assert.Contains("the password of user alice is not valid UTF-8", result.Error);
    }

    [Fact]
    public void Password_that_is_not_valid_utf8_is_refused_when_adding()
    {
        var result = UserFile.Add(UsersPath(), vault.Key, "alice", "broken \uD800 surrogate");

        Assert.False(result.Ok);
        Assert.Contains("not valid UTF-8", result.Error);
    }

    [Fact]
    public void Password_of_8192_bytes_is_kept_and_one_byte_more_is_refused()
    {
        var path = UsersPath();
        var longest = new string('x', VaultLimits.MaxPasswordBytes);

        Assert.True(UserFile.Add(path, vault.Key, "iam", longest).Ok);
        var tooLong = UserFile.Add(path, vault.Key, "iam2", longest + "x");
        var users = UserFile.Load(path, vault.Key);

        Assert.Contains("more than the limit of 8192", tooLong.Error);
        Assert.Equal(longest, users.Value!["iam"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("with:colon")]
    [InlineData("#comment")]
    [InlineData(" padded")]
    [InlineData("new\nline")]
    public void Username_that_would_break_the_file_is_refused(string username)
    {
        var result = UserFile.Add(UsersPath(), vault.Key, username, "some-password");

        Assert.False(result.Ok);
    }

    [Fact]
    public void Entry_limit_is_enforced_on_load_and_add()
    {
        var path = UsersPath();
        for (var i = 0; i < 3; i++)
        {
            Assert.True(UserFile.Add(path, vault.Key, "admin" + i, "password" + i, VaultLimits.MaxAdmins).Ok);
        }

        var loaded = UserFile.Load(path, vault.Key, maxEntries: 2);
        var added = UserFile.Add(path, vault.Key, "admin3", "password3", maxEntries: 3);

        Assert.Contains("holds 3 users, more than the limit of 2", loaded.Error);
        Assert.Contains("the limit is 3", added.Error);
    }

    [Fact]
    public void Failed_write_leaves_the_old_file_and_no_temporary_file()
    {
        var directory = vault.NewDirectory();
        var path = Path.Combine(directory, "pgagroal_users.conf");
        File.WriteAllText(path, "original\n");

        var result = AtomicFile.Write(path, "replacement\n", _ => throw new IOException("disk full"));

        Assert.False(result.Ok);
        Assert.Contains("disk full", result.Error);
        Assert.Equal("original\n", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(directory));
    }

    [Fact]
    public void Successful_write_replaces_the_file_with_a_0600_one()
    {
        var directory = vault.NewDirectory();
        var path = Path.Combine(directory, "pgagroal_users.conf");
        File.WriteAllText(path, "original\n");
        UnixMode.Set(path, "0644");

        var result = AtomicFile.Write(path, "replacement\n");

        Assert.True(result.Ok, result.Error);
        Assert.Equal("replacement\n", File.ReadAllText(path));
        Assert.Equal("0600", UnixMode.Get(path));
        Assert.Equal([path], Directory.GetFiles(directory));
    }

    private static readonly Lazy<MasterKey> OtherKey = new(() =>
    {
        var home = Directory.CreateTempSubdirectory("agroal-vault-other-").FullName;
        UnixMode.Set(home, "0700");
        var key = MasterKey.Create(Path.Combine(home, "master.key"), "a-different-passphrase", overwrite: false);
        Assert.True(key.Ok, key.Error);
        return key.Value!;
    });

    private string UsersPath() => Path.Combine(vault.NewDirectory(), "pgagroal_users.conf");
}
