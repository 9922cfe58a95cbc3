using System.CommandLine;

namespace BanditServe.LoadTests.Cli;

/// <summary>The command line of the load tool (the <c>bench</c> verb is dispatched before it, to BenchmarkDotNet).</summary>
public static class LoadTestCommandLine
{
    public static RootCommand Create() => new("BanditServe load generator: open/closed-model HTTP and Kafka scenarios against 127.0.0.1, with a bare Kestrel floor for comparison. `bench …` runs the BenchmarkDotNet micro-benchmarks.")
    {
        RunCommand.Create(),
        ServeBaselineCommand.Create(),
        StorageBenchCommand.Create(),
        StreamBenchCommand.Create(),
    };

    public static Task<int> InvokeAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default) =>
        Create().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
}
