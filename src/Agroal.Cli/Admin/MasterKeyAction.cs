using Agroal.Actors.Security.Vault;
using Agroal.Cli.Hosting;

namespace Agroal.Cli.Admin;

/// <summary>
/// <c>admin master-key</c>: writes ~/.pgagroal/master.key in the pgagroal 2.1 format. Running it again with
/// the same passphrase changes nothing and succeeds, so setup scripts may repeat it; a different passphrase
/// needs <c>--force</c>, because every users file sealed with the old key would stop opening.
/// </summary>
internal sealed class MasterKeyAction(CliConsole console, AdminSettings settings)
{
    private readonly AdminReport _report = new(console, settings.Format, "master-key");

    internal int Run(bool force)
    {
        var path = MasterKey.DefaultPath(console.Environment);
        if (path is null)
        {
            return _report.Fail("HOME is not set, so there is no ~/.pgagroal/master.key");
        }

        var credentials = new CredentialSource(console, settings);
        var passphrase = credentials.Password(
            "master key", VaultLimits.MinPassphraseLength, verify: true, out _, out var passphraseError);
        if (passphrase is null)
        {
            return _report.Fail(passphraseError!);
        }

        var overwrite = false;
        if (File.Exists(path))
        {
            var existing = MasterKeyFile.Read(path);
            if (!existing.Ok)
            {
                return _report.Fail(existing.Error);
            }

            var sameKey = existing.Value.Format == VaultFormat.Current
                && existing.Value.HasPassphrase(System.Text.Encoding.UTF8.GetBytes(passphrase));
            if (sameKey)
            {
                return _report.Succeed(
                    [$"Master key {path} already holds this passphrase; left unchanged"],
                    json => { json.WriteString("Path", path); json.WriteBoolean("Changed", false); });
            }

            if (!force)
            {
                var reason = existing.Value.Format == VaultFormat.Legacy ? "is in the pgagroal 2.0 format" : "holds a different passphrase";
                return _report.Fail(
                    $"master key {path} already exists and {reason}; use --force to replace it " +
                    "(users files sealed with the old key will no longer open)");
            }

            overwrite = true;
        }

        var created = MasterKey.Create(path, passphrase, overwrite);
        if (!created.Ok)
        {
            return _report.Fail(created.Error);
        }

        return _report.Succeed(
            [$"Master key stored into {path}"],
            json => { json.WriteString("Path", path); json.WriteBoolean("Changed", true); });
    }
}
