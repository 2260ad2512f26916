using Agroal.Actors.Hosting;
using Agroal.Actors.Security.Credentials;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Agroal.Tests.Hosting;

/// <summary>rotate_frontend_password_timeout / _length on an injected clock: who rotates, when, and to what.</summary>
public sealed class FrontendPasswordRotationTests
{
    private readonly FakeTimeProvider _clock = new();
    private CredentialStore _credentials = new(
        new Dictionary<string, string> { ["app"] = "backend-app", ["report"] = "backend-report" },
        new Dictionary<string, string> { ["app"] = "front-app" });

    private FrontendPasswordRotation Rotation() =>
        new(() => _credentials, c => _credentials = c, _clock, NullLogger.Instance);

    [Fact]
    public void Each_period_the_frontend_users_get_a_new_password_of_the_configured_length()
    {
        using var rotation = Rotation();
        rotation.Configure(TimeSpan.FromSeconds(60), 12);

        _clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal("front-app", _credentials.FrontendPassword("app"));

        _clock.Advance(TimeSpan.FromSeconds(1));
        var first = _credentials.FrontendPassword("app")!;
        Assert.NotEqual("front-app", first);
        Assert.Equal(12, first.Length);

        _clock.Advance(TimeSpan.FromSeconds(60));
        Assert.NotEqual(first, _credentials.FrontendPassword("app"));
    }

    [Fact]
    public void Users_without_a_frontend_entry_and_the_server_passwords_are_left_alone()
    {
        using var rotation = Rotation();
        rotation.Configure(TimeSpan.FromSeconds(1), 8);

        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("backend-report", _credentials.FrontendPassword("report"));
        Assert.Null(_credentials.FrontendUserPassword("report"));
        Assert.Equal("backend-app", _credentials.BackendPassword("app"));
    }

    [Fact]
    public void A_reload_with_the_files_passwords_keeps_the_rotated_one_and_zero_stops_rotating()
    {
        using var rotation = Rotation();
        rotation.Configure(TimeSpan.FromSeconds(10), 16);
        _clock.Advance(TimeSpan.FromSeconds(10));
        var rotated = _credentials.FrontendPassword("app");

        // A reload swaps in the files again, then re-applies the rotation keys.
        _credentials = new CredentialStore(new Dictionary<string, string> { ["app"] = "backend-app" }, new Dictionary<string, string> { ["app"] = "front-app" });
        rotation.Configure(TimeSpan.FromSeconds(10), 16);
        Assert.Equal(rotated, _credentials.FrontendPassword("app"));

        rotation.Configure(TimeSpan.Zero, 16);
        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(rotated, _credentials.FrontendPassword("app"));
    }
}
