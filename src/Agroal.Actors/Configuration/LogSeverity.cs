namespace Agroal.Actors.Configuration;

/// <summary>Verbosity (<c>log_level</c>); <c>trace</c> is an alias of <c>debug5</c>.</summary>
public enum LogSeverity
{
    Fatal,
    Error,
    Warn,
    Info,
    Debug1,
    Debug2,
    Debug3,
    Debug4,
    Debug5,
}
