using System.Reflection;
using BanditServe.Bandits.Statistics;

namespace BanditServe.Bandits.Tests.Statistics;

public sealed class KernelJitTests
{
    [Theory]
    [InlineData("UnreachableLanes")]
    [InlineData("PrefetchRows")]
    [InlineData("WriteGroup")]
    public void The_pruned_scans_per_batch_loops_are_jitted_optimized_at_their_first_call(string name)
    {
        // Without it a fresh server ranks through tier-0 code for these vector loops until tiering catches up, which on
        // two busy cores took seconds (docs/performance.md, "Thirteenth pass").
        var method = typeof(DenseStatisticsStore).GetMethod(name, BindingFlags.Static | BindingFlags.NonPublic);

        Assert.NotNull(method);
        Assert.True(method.MethodImplementationFlags.HasFlag(MethodImplAttributes.AggressiveOptimization));
    }
}
