using BanditServe.Offline.Estimation;

namespace BanditServe.Offline.Tests.Estimation;

/// <summary>The one-pass accumulator against the array estimators it must reproduce.</summary>
public sealed class OffPolicyAccumulatorTests
{
    [Theory]
    [InlineData(Estimator.Ips)]
    [InlineData(Estimator.ClippedIps)]
    [InlineData(Estimator.SelfNormalizedIps)]
    [InlineData(Estimator.DirectMethod)]
    [InlineData(Estimator.DoublyRobust)]
    public void Accumulated_estimate_equals_the_array_estimate(Estimator estimator)
    {
        var (r, p, e, qa, qe) = RandomRows(seed: 3, n: 5000);
        var options = new EstimatorOptions { ClipThreshold = 4 };
        var accumulator = new OffPolicyAccumulator(options);
        accumulator.Add(r, p, e, qa, qe);

        var expected = OffPolicyEstimators.Estimate(estimator, new OffPolicyRounds(r, p, e, qa, qe), options);
        var actual = accumulator.Estimate(estimator);

        Assert.Equal(5000, accumulator.Count);
        AssertClose(expected.Value, actual.Value);
        AssertClose(expected.StandardError, actual.StandardError);
        AssertClose(expected.NormalInterval.Low, actual.NormalInterval.Low);
        AssertClose(expected.NormalInterval.High, actual.NormalInterval.High);
        AssertClose(expected.StudentTLowerBound, actual.StudentTLowerBound);
        Assert.Null(actual.BootstrapInterval);
    }

    [Fact]
    public void Chunks_merged_in_any_grouping_give_the_single_pass_result()
    {
        var (r, p, e, qa, qe) = RandomRows(seed: 4, n: 3001);
        var whole = new OffPolicyAccumulator();
        whole.Add(r, p, e, qa, qe);
        var merged = new OffPolicyAccumulator();
        foreach (var (start, length) in new[] { (0, 1), (1, 999), (1000, 0), (1000, 2001) })
        {
            var part = new OffPolicyAccumulator();
            part.Add(r.AsSpan(start, length), p.AsSpan(start, length), e.AsSpan(start, length), qa.AsSpan(start, length), qe.AsSpan(start, length));
            merged.Merge(part);
        }

        foreach (var estimator in OffPolicyAccumulator.Supported)
        {
            AssertClose(whole.Estimate(estimator).Value, merged.Estimate(estimator).Value);
            AssertClose(whole.Estimate(estimator).StandardError, merged.Estimate(estimator).StandardError);
        }
    }

    [Fact]
    public void Propensity_outside_zero_one_is_refused_with_the_row()
    {
        var accumulator = new OffPolicyAccumulator();
        accumulator.Add(1, 0.5, 0.5, 0.2, 0.3);

        var error = Assert.Throws<ArgumentException>(() => accumulator.Add(1, 0, 0.5, 0.2, 0.3));

        Assert.Contains("row 1", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, accumulator.Count);
    }

    [Fact]
    public void Estimators_that_need_the_rows_are_refused()
    {
        var accumulator = new OffPolicyAccumulator();
        accumulator.Add([1.0, 0.0], [0.5, 0.5], [0.5, 0.5], [0.2, 0.2], [0.3, 0.3]);

        Assert.Throws<ArgumentOutOfRangeException>(() => accumulator.Estimate(Estimator.SelfNormalizedDoublyRobust));
    }

    private static void AssertClose(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-10 * Math.Max(1.0, Math.Abs(expected)), $"expected {expected:R}, got {actual:R}");

    private static (double[] R, double[] P, double[] E, double[] Qa, double[] Qe) RandomRows(int seed, int n)
    {
        var random = new Random(seed);
        double[] r = new double[n], p = new double[n], e = new double[n], qa = new double[n], qe = new double[n];
        for (var i = 0; i < n; i++)
        {
            p[i] = 0.02 + (0.98 * random.NextDouble());
            e[i] = random.NextDouble() < 0.3 ? 0.0 : random.NextDouble();
            r[i] = random.NextDouble() < 0.4 ? 1.0 : 0.0;
            qa[i] = random.NextDouble();
            qe[i] = random.NextDouble();
        }

        return (r, p, e, qa, qe);
    }
}
