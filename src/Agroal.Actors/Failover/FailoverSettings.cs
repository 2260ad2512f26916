namespace Agroal.Actors.Failover;

/// <summary>failover_script, failover_notify_script (empty = none) and failover_script_timeout.</summary>
public sealed record FailoverSettings(string Script, string NotifyScript, TimeSpan ScriptTimeout);
