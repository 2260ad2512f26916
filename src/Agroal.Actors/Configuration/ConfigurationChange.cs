namespace Agroal.Actors.Configuration;

/// <summary>One key whose value differs between two snapshots, in config syntax; null when the item was added or removed.</summary>
public sealed record ConfigurationChange(string Key, string? OldValue, string? NewValue, ReloadEffect Effect);
