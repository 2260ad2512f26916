using Agroal.Actors.Clients;
using Agroal.Benchmarks.Pooler;
using BenchmarkDotNet.Running;

namespace Agroal.Benchmarks;

public static class Program
{
    public static void Main(string[] args)
    {
        if (args.Length > 1 && args[0] == "--alloc-sample" && args[1] == "contended")
        {
            AllocationSampler.RunContended(args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 200_000);
            return;
        }
        if (args.Length > 1 && args[0] == "--alloc-sample" && args[1].StartsWith("login", StringComparison.Ordinal))
        {
            var loginPipeline = args[1] == "login-session" ? PipelineKind.Session : PipelineKind.Transaction;
            AllocationSampler.RunLogins(loginPipeline, args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 20_000);
            return;
        }
        if (args.Length > 0 && args[0] == "--alloc-sample")
        {
            var pipeline = args.Length > 1 && args[1] == "session" ? PipelineKind.Session : PipelineKind.Transaction;
            AllocationSampler.Run(pipeline, args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 200_000);
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
