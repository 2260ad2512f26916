namespace Agroal.Actors.Pool;

/// <summary>pgagroal's slot states. A slot taken for a check (IdleCheck, MaxConnectionAge, Validation) cannot be leased.</summary>
public enum SlotState
{
    NotInit,
    Init,
    Free,
    InUse,
    Gracefully,
    Flush,
    IdleCheck,
    MaxConnectionAge,
    Validation,
    Remove,
}
