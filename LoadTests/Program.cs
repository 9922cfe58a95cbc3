using BenchmarkDotNet.Running;

namespace BanditServe.LoadTests;

public static class LoadTestsProgram
{
    public static int Main(string[] args)
    {
        // `bench [BenchmarkDotNet arguments]` runs the micro-benchmarks (see docs/performance.md).
        if (args.Length > 0 && args[0] == "bench")
        {
            BenchmarkSwitcher.FromAssembly(typeof(LoadTestsProgram).Assembly).Run(args[1..]);
            return 0;
        }

        Console.Error.WriteLine("banditserve-loadtests: usage: bench [BenchmarkDotNet arguments]");
        return args.Length == 0 ? 1 : 2;
    }
}
