using System.Security.Cryptography;

namespace Agroal.Actors.Security.Vault;

/// <summary>
/// Random passwords as pgagroal makes them (admin <c>-g</c>, frontend password rotation): printable
/// ASCII 32-126, never a space at either end nor two spaces in a row.
/// </summary>
public static class PasswordGenerator
{
    /// <summary>pgagroal-admin's length for <c>-g</c> without <c>-l</c>.</summary>
    public const int DefaultLength = 64;

    private const char FirstPrintable = ' ';
    private const char LastPrintable = '~';

    public static string Generate(int length = DefaultLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        return string.Create(length, 0, static (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                char next;
                do
                {
                    next = (char)RandomNumberGenerator.GetInt32(FirstPrintable, LastPrintable + 1);
                }
                while (next == ' ' && (i == 0 || i == span.Length - 1 || span[i - 1] == ' '));

                span[i] = next;
            }
        });
    }
}
