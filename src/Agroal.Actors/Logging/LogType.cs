namespace Agroal.Actors.Logging;

/// <summary>pgagroal's log_type.</summary>
public enum LogType
{
    Console,
    File,
    Syslog,
}
