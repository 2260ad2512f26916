using Agroal.Actors.Hosting;

namespace Agroal.Tests.Hosting;

public sealed class RootGuardTests
{
    [Theory]
    [InlineData(0u, false, true)]
    [InlineData(0u, true, false)]
    [InlineData(1000u, false, false)]
    [InlineData(101u, true, false)]
    public void Root_is_refused_unless_allowed(uint euid, bool allowRoot, bool refused)
    {
        var message = RootGuard.Check(euid, allowRoot);
        Assert.Equal(refused, message is not null);
        if (refused)
        {
            Assert.Contains("Using the root account is not allowed", message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Current_process_check_follows_its_privilege()
    {
        Assert.Equal(Environment.IsPrivilegedProcess, RootGuard.CheckCurrentProcess(allowRoot: false) is not null);
        Assert.Null(RootGuard.CheckCurrentProcess(allowRoot: true));
    }

    [Fact]
    public void Effective_uid_matches_the_process_privilege()
    {
        Assert.Equal(Environment.IsPrivilegedProcess, RootGuard.EffectiveUserId() == 0);
    }
}
