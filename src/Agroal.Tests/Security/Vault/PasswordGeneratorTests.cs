using Agroal.Actors.Security.Vault;

namespace Agroal.Tests.Security.Vault;

public sealed class PasswordGeneratorTests
{
    [Fact]
    public void Default_length_is_pgagroal_admins_64()
    {
        Assert.Equal(64, PasswordGenerator.Generate().Length);
    }

    [Fact]
    public void Passwords_are_printable_ascii_without_edge_or_double_spaces()
    {
        for (var i = 0; i < 3000; i++)
        {
            var password = PasswordGenerator.Generate(4);

            Assert.Equal(4, password.Length);
            Assert.All(password, c => Assert.InRange(c, ' ', '~'));
            Assert.NotEqual(' ', password[0]);
            Assert.NotEqual(' ', password[^1]);
            Assert.DoesNotContain("  ", password);
        }
    }

    [Fact]
    public void Single_character_password_is_not_a_space()
    {
        for (var i = 0; i < 500; i++)
        {
            Assert.NotEqual(" ", PasswordGenerator.Generate(1));
        }
    }
}
