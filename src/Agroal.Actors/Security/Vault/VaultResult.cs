using System.Diagnostics.CodeAnalysis;

namespace Agroal.Actors.Security.Vault;

/// <summary>
/// Outcome of a vault operation. Expected failures (missing file, bad permissions, wrong key,
/// damaged entry) are data: <see cref="Ok"/> is false and <see cref="Error"/> says what went wrong
/// in words an operator can act on. <see cref="Value"/> is meaningful only when <see cref="Ok"/>.
/// </summary>
public readonly struct VaultResult<T>
{
    private VaultResult(bool ok, T? value, string? error)
    {
        Ok = ok;
        Value = value;
        Error = error;
    }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Ok { get; }

    public T? Value { get; }

    public string? Error { get; }

    public static VaultResult<T> Success(T value) => new(true, value, null);

    public static VaultResult<T> Failure(string error) => new(false, default, error);

    /// <summary>Carries this failure over to a result of another type.</summary>
    public VaultResult<TOther> Forward<TOther>()
    {
        return Ok
            ? throw new InvalidOperationException("only a failed result can be forwarded")
            : VaultResult<TOther>.Failure(Error);
    }

    public override string ToString() => Ok ? $"Ok({Value})" : $"Error({Error})";
}
