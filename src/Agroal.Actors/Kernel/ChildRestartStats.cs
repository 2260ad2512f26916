namespace Agroal.Actors.Kernel;

/// <summary>Restart bookkeeping of one child, owned and touched only by its parent.</summary>
internal sealed class ChildRestartStats
{
    public int RestartCount { get; set; }

    public long WindowStartTimestamp { get; set; }
}
