using Agroal.Actors.Security.Vault;
using Agroal.Cli.Hosting;

namespace Agroal.Cli.Admin;

/// <summary>
/// Where a user name or password comes from, in pgagroal-admin's order: the option, a generated value
/// (<c>-g</c>), <c>PGAGROAL_PASSWORD</c>, a prompt when a person is at the terminal, and otherwise one
/// line of standard input (so scripts can pipe it).
/// </summary>
internal sealed class CredentialSource(CliConsole console, AdminSettings settings)
{
    internal const string PasswordVariable = "PGAGROAL_PASSWORD";
    private const int PromptAttempts = 3;

    internal string? Username(out string? error)
    {
        error = null;
        if (!string.IsNullOrEmpty(settings.User))
        {
            return settings.User;
        }

        if (console.InputIsTerminal)
        {
            console.Error.Write("User name: ");
        }

        var typed = ReadPlainLine();
        if (string.IsNullOrEmpty(typed))
        {
            error = "no user name: give -U USER";
            return null;
        }

        return typed;
    }

    /// <param name="generated">True when the password was generated, so the caller shows it once.</param>
    internal string? Password(string what, int minimumLength, bool verify, out bool generated, out string? error)
    {
        generated = false;
        error = null;
        string? password;
        if (settings.Password is not null)
        {
            password = settings.Password;
        }
        else if (settings.Generate)
        {
            var length = settings.Length ?? PasswordGenerator.DefaultLength;
            if (length < minimumLength || length > VaultLimits.MaxPasswordBytes)
            {
                error = $"-l must be between {minimumLength} and {VaultLimits.MaxPasswordBytes}";
                return null;
            }

            generated = true;
            return PasswordGenerator.Generate(length);
        }
        else if (console.Environment(PasswordVariable) is { Length: > 0 } fromEnvironment)
        {
            password = fromEnvironment;
        }
        else if (console.InputIsTerminal)
        {
            return Prompt(what, minimumLength, verify, out error);
        }
        else
        {
            password = ReadPlainLine();
            if (password is null)
            {
                error = $"no {what}: give -P, set {PasswordVariable}, use -g, or write it on standard input";
                return null;
            }
        }

        if (password.Length < minimumLength)
        {
            error = $"the {what} must be at least {minimumLength} characters";
            return null;
        }

        return password;
    }

    private string? Prompt(string what, int minimumLength, bool verify, out string? error)
    {
        error = null;
        for (var attempt = 0; attempt < PromptAttempts; attempt++)
        {
            console.Error.Write($"{Capitalized(what)} (will not echo): ");
            var first = console.ReadSecretLine();
            console.Error.WriteLine();
            if (first is null)
            {
                error = $"no {what} entered";
                return null;
            }

            if (first.Length < Math.Max(minimumLength, 1))
            {
                console.Error.WriteLine($"The {what} must be at least {Math.Max(minimumLength, 1)} characters.");
                continue;
            }

            if (!verify)
            {
                return first;
            }

            console.Error.Write("Verify (will not echo): ");
            var second = console.ReadSecretLine();
            console.Error.WriteLine();
            if (string.Equals(first, second, StringComparison.Ordinal))
            {
                return first;
            }

            console.Error.WriteLine("The two entries differ, try again.");
        }

        error = $"no valid {what} after {PromptAttempts} attempts";
        return null;
    }

    private string? ReadPlainLine()
    {
        return console.In.ReadLine()?.TrimEnd('\r');
    }

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
