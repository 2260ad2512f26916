namespace Agroal.Actors.Configuration;

/// <summary>Where log lines go (<c>log_type</c>).</summary>
public enum LogType
{
    Console,
    File,
    Syslog,
}
