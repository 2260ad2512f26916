namespace Agroal.Actors.Configuration;

/// <summary>The size columns of a pgagroal_databases.conf line, as flags.</summary>
[Flags]
public enum LimitSizes
{
    None = 0,
    MaxSize = 1,
    InitialSize = 2,
    MinSize = 4,
}
