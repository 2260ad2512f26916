namespace Agroal.Actors.Logging;

/// <summary>pgagroal's log_mode: how an existing log file is opened.</summary>
public enum LogMode
{
    Append,
    Create,
}
