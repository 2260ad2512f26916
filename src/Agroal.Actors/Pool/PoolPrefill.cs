namespace Agroal.Actors.Pool;

/// <summary>A limits rule the pool keeps warm: <paramref name="InitialSize"/> backends at start, <paramref name="MinSize"/> after kills.</summary>
public sealed record PoolPrefill(PoolKey Key, PoolLimit Limit)
{
    public int InitialSize => Limit.InitialSize;

    public int MinSize => Limit.MinSize;
}
