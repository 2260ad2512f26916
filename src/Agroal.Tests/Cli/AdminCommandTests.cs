using System.Text;
using System.Text.Json;
using Agroal.Actors.Security.Vault;
using Agroal.Tests.Security.Vault;

namespace Agroal.Tests.Cli;

[Collection(VaultCollection.Name)]
public sealed class AdminCommandTests(VaultFixture vault)
{
    [Fact]
    public void Adapter_script_creates_the_key_then_manages_users_end_to_end()
    {
        var home = FreshHome();
        var users = Path.Combine(vault.NewDirectory(), "users.conf");

        var masterKey = new CliRun(home).WithEnvironment("PGAGROAL_PASSWORD", "bench-master-pass")
            .Run("admin", "-P", "bench-master-pass", "master-key");
        var add = new CliRun(home).Run("admin", "-f", users, "-U", "bench", "-P", "bench-pass", "user", "add");
        var addSecond = new CliRun(home).Run("admin", "-f", users, "-U", "other", "-P", "other-pass", "user", "add");
        var edit = new CliRun(home).Run("admin", "-f", users, "-U", "bench", "-P", "changed-pass", "user", "edit");
        var delete = new CliRun(home).Run("admin", "-f", users, "-U", "other", "user", "del");
        var list = new CliRun(home).Run("admin", "-f", users, "user", "ls");

        Assert.Equal((0, ""), (masterKey.ExitCode, masterKey.Error));
        Assert.Contains("Master key stored into " + Path.Combine(home, ".pgagroal", "master.key"), masterKey.Out);
        Assert.Equal("0700", UnixMode.Get(Path.Combine(home, ".pgagroal")));
        Assert.Equal("0600", UnixMode.Get(Path.Combine(home, ".pgagroal", "master.key")));
        Assert.Equal((0, ""), (add.ExitCode, add.Error));
        Assert.Equal((0, ""), (addSecond.ExitCode, addSecond.Error));
        Assert.Equal((0, ""), (edit.ExitCode, edit.Error));
        Assert.Equal((0, ""), (delete.ExitCode, delete.Error));
        Assert.Equal((0, "bench\n"), (list.ExitCode, list.Out.ReplaceLineEndings("\n")));
        var key = MasterKey.LoadDefault(name => name == "HOME" ? home : null);
        Assert.True(key.Ok, key.Error);
        var stored = UserFile.Load(users, key.Value);
        Assert.True(stored.Ok, stored.Error);
        Assert.Equal("changed-pass", Assert.Single(stored.Value).Value);
    }

    [Fact]
    public void Master_key_again_with_the_same_passphrase_succeeds_and_keeps_the_file()
    {
        var before = File.ReadAllText(vault.KeyPath);

        var run = new CliRun(vault.Home).Run("admin", "-P", VaultFixture.Passphrase, "master-key");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("left unchanged", run.Out);
        Assert.Equal(before, File.ReadAllText(vault.KeyPath));
    }

    [Fact]
    public void Master_key_with_a_different_passphrase_is_refused_without_force()
    {
        var before = File.ReadAllText(vault.KeyPath);

        var run = new CliRun(vault.Home).Run("admin", "-P", "a-different-passphrase", "master-key");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--force", run.Error);
        Assert.Equal(before, File.ReadAllText(vault.KeyPath));
    }

    [Fact]
    public void Master_key_shorter_than_8_characters_is_refused()
    {
        var home = FreshHome();

        var run = new CliRun(home).Run("admin", "-P", "short", "master-key");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("at least 8 characters", run.Error);
        Assert.False(File.Exists(Path.Combine(home, ".pgagroal", "master.key")));
    }

    [Fact]
    public void Master_key_generated_with_g_has_the_default_length_of_64()
    {
        var home = FreshHome();

        var run = new CliRun(home).Run("admin", "-g", "master-key");

        Assert.Equal((0, ""), (run.ExitCode, run.Error));
        var line = File.ReadAllLines(Path.Combine(home, ".pgagroal", "master.key"))[0];
        Assert.Equal(64, Encoding.UTF8.GetString(Convert.FromBase64String(line)).Length);
    }

    [Fact]
    public void Master_key_without_home_fails_with_a_message()
    {
        var run = new CliRun(home: null).Run("admin", "-P", "long-enough-pass", "master-key");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("HOME is not set", run.Error);
    }

    [Fact]
    public void Adding_an_existing_user_is_refused()
    {
        var users = Path.Combine(vault.NewDirectory(), "users.conf");
        var first = new CliRun(vault.Home).Run("admin", "-f", users, "-U", "dup", "-P", "first-pass", "user", "add");

        var second = new CliRun(vault.Home).Run("admin", "-f", users, "-U", "dup", "-P", "second-pass", "user", "add");

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(1, second.ExitCode);
        Assert.Contains("user dup already exists", second.Error);
        Assert.Equal("first-pass", UserFile.Load(users, vault.Key).Value!["dup"]);
    }

    [Fact]
    public void Generated_user_password_has_the_requested_length_and_is_shown_once()
    {
        var users = Path.Combine(vault.NewDirectory(), "users.conf");

        var run = new CliRun(vault.Home).Run("admin", "-f", users, "-U", "gen", "-g", "-l", "20", "user", "add");

        Assert.Equal((0, ""), (run.ExitCode, run.Error));
        var stored = UserFile.Load(users, vault.Key).Value!["gen"];
        Assert.Equal(20, stored.Length);
        Assert.Contains("Password : " + stored, run.Out);
    }

    [Fact]
    public void Options_may_follow_the_subcommand()
    {
        var users = Path.Combine(vault.NewDirectory(), "users.conf");

        var run = new CliRun(vault.Home).Run("admin", "user", "add", "-f", users, "-U", "late", "-P", "late-pass");

        Assert.Equal((0, ""), (run.ExitCode, run.Error));
        Assert.Equal("late-pass", UserFile.Load(users, vault.Key).Value!["late"]);
    }

    [Fact]
    public void Password_comes_from_PGAGROAL_PASSWORD_when_P_is_absent()
    {
        var users = Path.Combine(vault.NewDirectory(), "users.conf");

        var run = new CliRun(vault.Home).WithEnvironment("PGAGROAL_PASSWORD", "from-environment")
            .Run("admin", "-f", users, "-U", "env", "user", "add");

        Assert.Equal((0, ""), (run.ExitCode, run.Error));
        Assert.Equal("from-environment", UserFile.Load(users, vault.Key).Value!["env"]);
    }

    [Fact]
    public void Without_a_terminal_the_user_and_password_are_read_from_standard_input()
    {
        var users = Path.Combine(vault.NewDirectory(), "users.conf");

        var run = new CliRun(vault.Home).WithPipedInput("piped\npiped-password\n").Run("admin", "-f", users, "user", "add");

        Assert.Equal((0, ""), (run.ExitCode, run.Error));
        Assert.Equal("piped-password", UserFile.Load(users, vault.Key).Value!["piped"]);
    }

    [Fact]
    public void Without_a_terminal_or_any_password_source_add_fails()
    {
        var users = Path.Combine(vault.NewDirectory(), "users.conf");

        var run = new CliRun(vault.Home).Run("admin", "-f", users, "-U", "nobody", "user", "add");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("PGAGROAL_PASSWORD", run.Error);
        Assert.False(File.Exists(users));
    }

    [Fact]
    public void At_a_terminal_the_password_is_asked_twice_until_both_entries_match()
    {
        var users = Path.Combine(vault.NewDirectory(), "users.conf");

        var run = new CliRun(vault.Home).WithTerminal("typed-once", "typo", "typed-twice", "typed-twice")
            .Run("admin", "-f", users, "-U", "person", "user", "add");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("differ", run.Error);
        Assert.Equal("typed-twice", UserFile.Load(users, vault.Key).Value!["person"]);
    }

    [Fact]
    public void User_commands_without_a_master_key_fail_with_a_message()
    {
        var home = FreshHome();
        var users = Path.Combine(vault.NewDirectory(), "users.conf");

        var run = new CliRun(home).Run("admin", "-f", users, "-U", "u", "-P", "p-password", "user", "add");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("master.key does not exist", run.Error);
    }

    [Fact]
    public void Deleting_an_unknown_user_fails()
    {
        var users = Path.Combine(vault.NewDirectory(), "users.conf");
        Assert.Equal(0, new CliRun(vault.Home).Run("admin", "-f", users, "-U", "known", "-P", "known-pass", "user", "add").ExitCode);

        var run = new CliRun(vault.Home).Run("admin", "-f", users, "-U", "unknown", "user", "del");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("user unknown does not exist", run.Error);
    }

    [Fact]
    public void User_ls_in_json_lists_names()
    {
        var users = Path.Combine(vault.NewDirectory(), "users.conf");
        File.WriteAllText(users, "a:AAAA\nb:BBBB\n");

        var run = new CliRun(vault.Home).Run("admin", "-f", users, "-F", "json", "user", "ls");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Out);
        Assert.True(json.RootElement.GetProperty("Status").GetBoolean());
        Assert.Equal(["a", "b"], json.RootElement.GetProperty("Users").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData("-V")]
    [InlineData("--version")]
    public void Version_prints_the_tool_name_and_version(string flag)
    {
        var run = new CliRun(vault.Home).Run(flag);

        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"^agroal-cli \d+\.\d+\.\d+\s*$", run.Out);
    }

    [Theory]
    [InlineData("admin", "user")]
    [InlineData("admin", "frobnicate")]
    [InlineData("admin", "-F", "xml", "user", "ls")]
    public void Incomplete_or_unknown_commands_exit_with_the_usage_code(params string[] args)
    {
        var run = new CliRun(vault.Home).Run(args);

        Assert.Equal(64, run.ExitCode);
        Assert.NotEqual(string.Empty, run.Error);
    }

    private string FreshHome()
    {
        var home = vault.NewDirectory();
        UnixMode.Set(home, "0700");
        return home;
    }
}
