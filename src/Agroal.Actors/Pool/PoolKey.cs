namespace Agroal.Actors.Pool;

/// <summary>
/// Which backends a client may share: the same user, the same real (alias-resolved) database and the same startup
/// <c>options</c> (they cannot be changed after login, unlike the other parameters, which are SET on attach).
/// </summary>
public sealed record PoolKey(string User, string Database, string Options)
{
    public override string ToString() => Options.Length == 0 ? $"{User}/{Database}" : $"{User}/{Database} options={Options}";
}
