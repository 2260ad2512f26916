namespace Agroal.Cli;

/// <summary>Entry point of the <c>agroal-cli</c> executable.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        _ = args;
        return 0;
    }
}
