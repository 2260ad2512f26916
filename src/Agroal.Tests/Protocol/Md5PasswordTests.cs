using Agroal.Actors.Protocol;

namespace Agroal.Tests.Protocol;

/// <summary>Expected values computed with Python's hashlib when the tests were written.</summary>
public class Md5PasswordTests
{
    private static readonly byte[] Salt = [1, 2, 3, 4];

    [Fact]
    public void Stored_hash_is_md5_of_password_then_user()
    {
        Assert.Equal("md54a0a68b43b6cd5cf266fa02f196e2371", Md5Password.HashForStorage("alice", "secret"));
    }

    [Fact]
    public void Wire_answer_matches_the_known_value()
    {
        Assert.Equal("md598a0412b9c31436fc53776e863350083", Md5Password.Compute("alice", "secret", Salt));
    }

    [Fact]
    public void Wire_answer_from_the_stored_hash_matches_the_answer_from_the_password()
    {
        Assert.Equal(
            "md598a0412b9c31436fc53776e863350083",
            Md5Password.ComputeFromStoredHash("md54a0a68b43b6cd5cf266fa02f196e2371", Salt));
    }

    [Fact]
    public void Verify_accepts_right_answers_and_rejects_wrong_ones()
    {
        Assert.True(Md5Password.Verify("md598a0412b9c31436fc53776e863350083", "alice", "secret", Salt));
        Assert.True(Md5Password.Verify("md598a0412b9c31436fc53776e863350083", "alice", "md54a0a68b43b6cd5cf266fa02f196e2371", Salt));
        Assert.False(Md5Password.Verify("md598a0412b9c31436fc53776e863350083", "alice", "Secret", Salt));
        Assert.False(Md5Password.Verify("md598a0412b9c31436fc53776e863350083", "alice", "secret", [1, 2, 3, 5]));
        Assert.False(Md5Password.Verify(string.Empty, "alice", "secret", Salt));
    }
}
