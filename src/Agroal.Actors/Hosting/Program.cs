namespace Agroal.Actors.Hosting;

/// <summary>Entry point of the <c>agroal</c> executable.</summary>
public static class Program
{
    public static Task<int> Main(string[] args) =>
        new AgroalProcess(Console.Out, Console.Error, Environment.GetEnvironmentVariable).RunAsync(args);
}
