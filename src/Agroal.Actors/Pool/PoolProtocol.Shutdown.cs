namespace Agroal.Actors.Pool;

public static partial class PoolProtocol
{
    /// <summary><c>shutdown immediate</c>: the process stops now, cutting every client.</summary>
    public sealed class ShutdownImmediately
    {
        public static readonly ShutdownImmediately Instance = new();

        private ShutdownImmediately()
        {
        }
    }
}
