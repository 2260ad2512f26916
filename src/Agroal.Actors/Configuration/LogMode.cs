namespace Agroal.Actors.Configuration;

/// <summary>How the log file is opened (<c>log_mode</c>).</summary>
public enum LogMode
{
    Append,
    Create,
}
