namespace Agroal.Actors.Configuration;

/// <summary>One line of pgagroal_hba.conf. <see cref="Line"/> is its line number (0 when set through <c>conf set</c>).</summary>
public sealed record HbaEntry(
    HbaConnectionType Type,
    string Database,
    string User,
    HbaAddress Address,
    HbaMethod Method,
    int Line);
