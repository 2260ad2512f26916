namespace Agroal.Actors.Hosting;

/// <summary>Entry point of the <c>agroal</c> executable.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        _ = args;
        return 0;
    }
}
