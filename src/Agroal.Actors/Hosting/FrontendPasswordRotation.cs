using Agroal.Actors.Security.Credentials;
using Agroal.Actors.Security.Vault;
using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Hosting;

/// <summary>
/// rotate_frontend_password_timeout / _length: every period each frontend user (the <c>-F</c> file) gets a new random
/// password of the configured length, as pgagroal does; clients must then log in with it, and an admin reads it with
/// the management command GET_PASSWORD (pgagroal-vault does). Both keys apply live. A reload that re-reads the files
/// keeps the rotated passwords, so the file's password does not come back between two rotations.
/// </summary>
public sealed partial class FrontendPasswordRotation : IDisposable
{
    private readonly Func<CredentialStore> _read;
    private readonly Action<CredentialStore> _replace;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, string> _rotated = new(StringComparer.Ordinal);
    private ITimer? _timer;
    private TimeSpan _period;
    private int _length = 8;

    /// <param name="read">The credentials in force.</param>
    /// <param name="replace">Swaps in the rotated copy.</param>
    public FrontendPasswordRotation(Func<CredentialStore> read, Action<CredentialStore> replace, TimeProvider clock, ILogger logger)
    {
        _read = read;
        _replace = replace;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>Starts, re-times or stops the rotation; a zero period stops it (the passwords then stay as they are).</summary>
    public void Configure(TimeSpan period, int length)
    {
        lock (_gate)
        {
            _length = length;
            if (period <= TimeSpan.Zero)
            {
                _timer?.Dispose();
                _timer = null;
                _period = TimeSpan.Zero;
                _rotated.Clear();
                return;
            }
            if (_rotated.Count > 0)
            {
                // A reload swapped in the file's passwords: the rotated ones stay in force until the next rotation.
                _replace(_read().WithFrontendPasswords(_rotated));
            }
            if (_timer is null)
            {
                _timer = _clock.CreateTimer(static state => ((FrontendPasswordRotation)state!).Rotate(), this, period, period);
            }
            else if (period != _period)
            {
                _timer.Change(period, period);
            }
            _period = period;
        }
    }

    /// <summary>One rotation: a new password for every frontend user.</summary>
    public void Rotate()
    {
        lock (_gate)
        {
            var credentials = _read();
            _rotated.Clear();
            foreach (var user in credentials.FrontendUserNames)
            {
                _rotated[user] = PasswordGenerator.Generate(_length);
            }
            _replace(credentials.WithFrontendPasswords(_rotated));
            Log.Rotated(_logger, _rotated.Count, _length);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "rotate_frontend_password: users={Users} length={Length}")]
        public static partial void Rotated(ILogger logger, int users, int length);
    }
}
