using BanditServe.LoadTests.Cli;
using BenchmarkDotNet.Running;

namespace BanditServe.LoadTests;

public static class LoadTestsProgram
{
    public static async Task<int> Main(string[] args)
    {
        // `bench [BenchmarkDotNet arguments]` runs the micro-benchmarks (see docs/performance.md).
        if (args.Length > 0 && args[0] == "bench")
        {
            BenchmarkSwitcher.FromAssembly(typeof(LoadTestsProgram).Assembly).Run(args[1..]);
            return 0;
        }

        // `run <scenario> …` and `serve-baseline` (see docs/performance.md, "Load tests").
        return await LoadTestCommandLine.InvokeAsync(args, Console.Out, Console.Error);
    }
}
