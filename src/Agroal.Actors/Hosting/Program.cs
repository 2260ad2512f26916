namespace Agroal.Actors.Hosting;

/// <summary>Entry point of the <c>agroal</c> executable.</summary>
public static class Program
{
    private const string InlineSocketCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    public static Task<int> Main(string[] args)
    {
        // Before anything touches Console, which starts the runtime's signal handling.
        InheritedSignalIgnores.Undo();
        // The relay never blocks, so socket completions can run it on the I/O thread instead of queueing it to the
        // thread pool (pool-bench: pooler CPU per transaction 108 -> 61 us). Read once, at the first socket
        // operation; an operator's explicit value wins.
        if (Environment.GetEnvironmentVariable(InlineSocketCompletions) is null)
        {
            Environment.SetEnvironmentVariable(InlineSocketCompletions, "1");
        }
        return new AgroalProcess(Console.Out, Console.Error, Environment.GetEnvironmentVariable).RunAsync(args);
    }
}
