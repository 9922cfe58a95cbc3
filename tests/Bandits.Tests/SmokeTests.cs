namespace BanditServe.Bandits.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void Assembly_under_test_loads() => Assert.NotNull(typeof(SmokeTests).Assembly);
}
