using Agroal.Actors.Management.Client;
using Agroal.Tests.Integration.Fixtures;
using Agroal.Tests.Integration.Pooling;
using Npgsql;

namespace Agroal.Tests.Integration.Executable;

/// <summary>
/// rotate_frontend_password_timeout through the real process: the frontend users file's password stops working, and the
/// rotated one, read with the management command GET_PASSWORD (9) as pgagroal-vault reads it, logs a client in.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class FrontendPasswordRotationProcessTests(PostgresFixture fixture)
{
    private const string FilePassword = "front-file-pw";
    private const int Length = 20;

    private static async Task<string?> GetPasswordAsync(VaultedAgroal agroal, string user)
    {
        var reply = await ManagementClient.SendAsync(ManagementTarget.Local(agroal.ManagementSocket), ManagementRequests.GetPassword(user), TimeSpan.FromSeconds(15));
        Assert.True(reply.Received, reply.Error);
        var response = reply.Document!["Response"]!;
        Assert.Equal(user, response["Username"]!.GetValue<string>());
        return response["Password"]?.GetValue<string>();
    }

    [Fact]
    public async Task The_rotated_password_read_with_get_password_logs_in_and_the_files_password_no_longer_does()
    {
        await using var agroal = await VaultedAgroal.StartAsync(fixture.Server,
            $"rotate_frontend_password_timeout = 3\nrotate_frontend_password_length = {Length}\nlog_type = console\n", frontendPassword: FilePassword);
        var user = fixture.Server.User;

        await Eventually.TrueAsync(async () => await GetPasswordAsync(agroal, user) != FilePassword, "the first rotation", 30);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => agroal.OpenAsync(FilePassword));
        Assert.Equal("28P01", refused.SqlState);

        // A rotation may fall between reading the password and the login: read it again then.
        var loggedIn = false;
        for (var attempt = 0; attempt < 10 && !loggedIn; attempt++)
        {
            var current = await GetPasswordAsync(agroal, user);
            Assert.Equal(Length, current!.Length);
            try
            {
                await using var client = await agroal.OpenAsync(current);
                await using var command = new NpgsqlCommand("SELECT current_user::text", client);
                Assert.Equal(user, (string)(await command.ExecuteScalarAsync())!);
                loggedIn = true;
            }
            catch (PostgresException ex) when (ex.SqlState == "28P01")
            {
                Assert.NotEqual(current, await GetPasswordAsync(agroal, user));
            }
        }
        Assert.True(loggedIn, "no login with the password GET_PASSWORD returned");
    }

    [Fact]
    public async Task Get_password_answers_null_for_a_user_that_is_not_a_frontend_user()
    {
        await using var agroal = await VaultedAgroal.StartAsync(fixture.Server, "log_type = console\n", frontendPassword: FilePassword);

        Assert.Null(await GetPasswordAsync(agroal, "nobody"));
        Assert.Equal(FilePassword, await GetPasswordAsync(agroal, fixture.Server.User));
    }
}
