using System.Net;
using Agroal.Actors.Configuration;

namespace Agroal.Tests.Configuration;

public sealed class HbaFileTests
{
    private static ConfigurationLoadResult LoadHba(string hba)
    {
        using var config = TempConfig.WithMainKeys("", hba: hba);
        return config.Load();
    }

    [Fact]
    public void Lines_are_parsed_into_entries_in_file_order()
    {
        var result = LoadHba("# comment\n\nhost all all all trust\nhostssl mydb alice 10.1.0.0/16 scram-sha-256 # inline\nhost db bob ::1/128 md5\nHOST x y 0.0.0.0/0 password\nhost x y all reject\nhost x y all all\n");
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var entries = result.Configuration.Hba.Entries;
        Assert.Equal(6, entries.Count);
        Assert.Equal(new HbaEntry(HbaConnectionType.HostSsl, "mydb", "alice", entries[1].Address, HbaMethod.ScramSha256, 4), entries[1]);
        Assert.Equal("10.1.0.0/16", entries[1].Address.ToString());
        Assert.Equal(HbaMethod.Md5, entries[2].Method);
        Assert.Equal(IPAddress.IPv6Loopback, entries[2].Address.Network);
        Assert.Equal([HbaMethod.Trust, HbaMethod.ScramSha256, HbaMethod.Md5, HbaMethod.Password, HbaMethod.Reject, HbaMethod.All], entries.Select(e => e.Method));
        Assert.True(entries[0].Address.IsAll);
    }

    [Fact]
    public void Host_bits_of_an_address_are_cleared() =>
        Assert.Equal("192.168.1.0/24", LoadHba("host all all 192.168.1.77/24 trust\n").Configuration!.Hba.Entries[0].Address.ToString());

    [Theory]
    [InlineData("local all all all trust", "type \"local\"")]
    [InlineData("host all all all ident", "method \"ident\"")]
    [InlineData("host all all all", "expected 5 columns")]
    [InlineData("host all all all trust extra", "expected 5 columns")]
    [InlineData("host all all 10.0.0.1 trust", "needs a prefix length")]
    [InlineData("host all all 10.0.0.0/33 trust", "prefix length outside 0..32")]
    [InlineData("host all all ::/129 trust", "prefix length outside 0..128")]
    [InlineData("host all all 10.0.0/8 trust", "not an IPv4 or IPv6 network")]
    [InlineData("host all all example.com/24 trust", "not an IPv4 or IPv6 network")]
    [InlineData("host all all 10.0.0.0/x trust", "prefix length")]
    public void Bad_line_is_fatal_with_file_and_line(string line, string reason)
    {
        using var config = TempConfig.WithMainKeys("", hba: "host all all all trust\n" + line + "\n");
        var error = Assert.Single(config.Load().Errors);
        Assert.Equal(config.HbaFile, error.File);
        Assert.Equal(2, error.Line);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_ascii_user_and_database_names_are_accepted()
    {
        var entry = LoadHba("host café josé all md5\n").Configuration!.Hba.Entries[0];
        Assert.Equal(("café", "josé"), (entry.Database, entry.User));
    }

    [Fact]
    public void Nul_byte_in_hba_file_is_fatal() =>
        Assert.Contains(LoadHba("host all all all trust\n\0\n").Errors, e => e.Line == 2 && e.Message.Contains("not plain text", StringComparison.Ordinal));

    [Fact]
    public void Empty_hba_file_is_fatal() =>
        Assert.Contains(LoadHba("# nothing\n").Errors, e => e.Message == "at least one HBA entry is required");
}
