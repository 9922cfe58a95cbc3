using BanditServe.Bandits.Gpu;
using BanditServe.Bandits.Recovering;
using BanditServe.Bandits.Scoring;
using BanditServe.Bandits.Tests.Recovering;

namespace BanditServe.Bandits.Tests.Gpu;

/// <summary>
/// The ILGPU kernels against the CPU SIMD backend: same model and contexts give the same scores
/// within 1e-5 relative and the same rankings, ties included. Sizes are small because the CPU
/// accelerator simulates every GPU thread.
/// </summary>
public abstract class IlgpuParityTests
{
    private const double Tolerance = 1e-5;

    protected abstract IlgpuScoringBackend Backend { get; }

    [Fact]
    public void Device_means_and_variances_match_the_cpu_simd_backend()
    {
        const int dimension = 19;
        const int rows = 150;
        var random = new Random(674386);
        float[] table = [.. Enumerable.Range(0, rows * 2 * dimension).Select(i => (i / dimension) % 2 == 0 ? (float)((random.NextDouble() * 4) - 2) : (float)(0.05 + random.NextDouble()))];
        float[] contexts = [.. Enumerable.Range(0, 3 * dimension).Select(_ => (float)((random.NextDouble() * 2) - 1))];
        float[] squares = [.. contexts.Select(x => x * x)];
        using IResidentTable resident = Backend.CreateTable(dimension);
        resident.Upload(rows, [.. Enumerable.Range(0, rows)], table, [.. Enumerable.Repeat((byte)1, rows)]);

        var means = new float[3 * rows];
        var variances = new float[3 * rows];
        resident.Score(contexts, squares, 3, means, variances);

        var expectedMeans = new float[rows];
        var expectedVariances = new float[rows];
        for (int b = 0; b < 3; b++)
        {
            CpuSimdScoringBackend.Instance.ScoreDense(table, dimension, [.. Enumerable.Range(0, rows)], contexts.AsSpan(b * dimension, dimension), squares.AsSpan(b * dimension, dimension), expectedMeans, expectedVariances);
            for (int row = 0; row < rows; row++)
            {
                double magnitude = Enumerable.Range(0, dimension).Sum(c => Math.Abs(contexts[(b * dimension) + c] * table[(row * 2 * dimension) + c]));
                Assert.True(Math.Abs(expectedMeans[row] - means[(b * rows) + row]) <= Tolerance * Math.Max(magnitude, 1e-30), $"mean of row {row}, context {b}");
                Assert.True(Math.Abs(expectedVariances[row] - variances[(b * rows) + row]) <= Tolerance * expectedVariances[row], $"variance of row {row}, context {b}");
            }
        }
    }

    [Fact]
    public void Device_top_k_is_the_cpu_order_and_flags_ties_at_the_cut()
    {
        const int dimension = 4;
        using IResidentTable resident = Backend.CreateTable(dimension);

        // Rows 0..9 have θ = row/10 on coordinate 0; rows 10 and 11 copy row 7 (a three-way tie), row 5 is inactive.
        var table = new float[12 * 2 * dimension];
        for (int row = 0; row < 12; row++)
        {
            int source = row >= 10 ? 7 : row;
            table[row * 2 * dimension] = source / 10f;
            for (int c = 0; c < dimension; c++)
            {
                table[(row * 2 * dimension) + dimension + c] = 1;
            }
        }

        byte[] active = [.. Enumerable.Range(0, 12).Select(row => row == 5 ? (byte)0 : (byte)1)];
        resident.Upload(12, [.. Enumerable.Range(0, 12)], table, active);
        float[] context = [1, 0, 0, 0];
        float[] squares = [1, 0, 0, 0];
        var rows = new int[4];
        var scores = new float[4];
        var counts = new int[1];
        var ties = new bool[1];

        resident.SelectTop(context, squares, 1, 0f, 2, rows, scores, counts, ties);
        Assert.Equal([9, 8], rows[..2]);
        Assert.Equal(2, counts[0]);
        Assert.False(ties[0]);

        // The third place is a tie of rows 7, 10 and 11: with k = 3 only row 7 fits, and the tie is flagged.
        resident.SelectTop(context, squares, 1, 0f, 3, rows, scores, counts, ties);
        Assert.Equal([9, 8, 7], rows[..3]);
        Assert.True(ties[0]);

        // With k = 4 the cut falls inside the tie too (row 11 is left out).
        resident.SelectTop(context, squares, 1, 0f, 4, rows, scores, counts, ties);
        Assert.Equal([9, 8, 7, 10], rows);
        Assert.True(ties[0]);
    }

    [Fact]
    public void Device_rankings_equal_cpu_rankings_including_ties_and_exclusions()
    {
        (SurfaceModel cpu, SurfaceModel device) = ParityWorld.Build(Backend, dimension: 6, items: 120, updates: 400, seed: 11, tiedGroups: 3);
        var random = new Random(5);
        RankRequest[] requests = [.. Enumerable.Range(0, 5).Select(r => new RankRequest(
            Contexts.Random(random, 6),
            null,
            r % 2 == 0 ? ["item-0003", "tied-0-0", "tied-1-2"] : null,
            Slots: 1 + (r * 3),
            Seed: (ulong)(100 + r),
            ShownAt: null))];

        RankOutcome[] onDevice = ParityWorld.RankAll(device, requests);
        RankOutcome[] onCpu = [.. requests.Select(r => cpu.Rank(r.Context, null, r.Exclude, r.Slots, r.Seed))];

        Assert.True(device.HasDeviceCopy);
        ParityWorld.AssertSameRankings(onCpu, onDevice, Tolerance);
    }

    [Fact]
    public void A_retired_model_ranks_on_the_cpu_and_never_recreates_its_device_copy()
    {
        (SurfaceModel cpu, SurfaceModel device) = ParityWorld.Build(Backend, dimension: 5, items: 80, updates: 200, seed: 21);
        var random = new Random(8);
        RankRequest[] requests = [.. Enumerable.Range(0, 3).Select(r => new RankRequest(Contexts.Random(random, 5), null, null, 4, (ulong)r, null))];
        ParityWorld.RankAll(device, requests);
        Assert.True(device.HasDeviceCopy);

        device.ReleaseDeviceCopy();
        RankOutcome[] afterRetirement = ParityWorld.RankAll(device, requests);

        Assert.False(device.HasDeviceCopy);
        ParityWorld.AssertSameRankings([.. requests.Select(r => cpu.Rank(r.Context, null, r.Exclude, r.Slots, r.Seed))], afterRetirement, Tolerance);
    }

    [Fact]
    public async Task Rankings_in_flight_when_the_device_copy_is_released_fall_back_to_the_cpu_with_the_same_answer()
    {
        (SurfaceModel cpu, SurfaceModel device) = ParityWorld.Build(Backend, dimension: 4, items: 60, updates: 150, seed: 31);
        var random = new Random(9);
        RankRequest[] requests = [.. Enumerable.Range(0, 2).Select(r => new RankRequest(Contexts.Random(random, 4), null, null, 3, (ulong)r, null))];
        RankOutcome[] expected = [.. requests.Select(r => cpu.Rank(r.Context, null, r.Exclude, r.Slots, r.Seed))];
        ParityWorld.RankAll(device, requests);

        // Rankers keep going while the copy is released under them (a surface replaced or deleted mid-traffic).
        using var stop = new CancellationTokenSource();
        var failures = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        int ranked = 0;
        var rankers = Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    ParityWorld.AssertSameRankings(expected, ParityWorld.RankAll(device, requests), Tolerance);
                    Interlocked.Increment(ref ranked);
                }
                catch (Exception exception)
                {
                    failures.Enqueue(exception);
                    return;
                }
            }
        })).ToArray();
        SpinWait.SpinUntil(() => Volatile.Read(ref ranked) >= 3, TimeSpan.FromSeconds(30));
        device.ReleaseDeviceCopy();
        int atRelease = Volatile.Read(ref ranked);
        SpinWait.SpinUntil(() => Volatile.Read(ref ranked) >= atRelease + 6 || !failures.IsEmpty, TimeSpan.FromSeconds(30));
        stop.Cancel();
        await Task.WhenAll(rankers);

        Assert.Empty(failures);
        Assert.True(ranked >= atRelease + 6, $"only {ranked - atRelease} rankings completed after the release");
        Assert.False(device.HasDeviceCopy);
    }

    [Fact]
    public void Fresh_catalog_ties_everywhere_and_still_ranks_by_item_id()
    {
        (SurfaceModel cpu, SurfaceModel device) = ParityWorld.Build(Backend, dimension: 3, items: 40, updates: 0, seed: 3);
        RankRequest[] requests = [new(Contexts.Dense(1, 0.5f, -1), null, null, 5, 1, null), new(Contexts.Dense(0, 0, 2), null, ["item-0000"], 3, 2, null)];

        RankOutcome[] onDevice = ParityWorld.RankAll(device, requests);
        RankOutcome[] onCpu = [.. requests.Select(r => cpu.Rank(r.Context, null, r.Exclude, r.Slots, r.Seed))];

        ParityWorld.AssertSameRankings(onCpu, onDevice, Tolerance);
        Assert.Equal("item-0001", onDevice[1].Items.First(i => !i.Explored).ItemId);
    }

    [Fact]
    public void Updates_and_deactivations_reach_the_device_copy()
    {
        (SurfaceModel cpu, SurfaceModel device) = ParityWorld.Build(Backend, dimension: 2, items: 30, updates: 60, seed: 8);
        var context = Contexts.Dense(1, 0);
        RankRequest[] request = [new(context, null, null, 1, 0, null)];
        _ = ParityWorld.RankAll(device, request);

        // A large reward makes item-0029 the best; deactivating the old best removes it.
        string before = cpu.Rank(context, null, null, 1, 0).Items[0].ItemId;
        foreach (SurfaceModel model in new[] { cpu, device })
        {
            model.Apply("item-0029", context, 50);
            model.DeactivateItem(before == "item-0029" ? "item-0000" : before);
        }

        RankOutcome[] onDevice = ParityWorld.RankAll(device, [new(context, null, null, 3, 9, null)]);
        RankOutcome onCpu = cpu.Rank(context, null, null, 3, 9);

        Assert.Equal("item-0029", onCpu.Items[0].ItemId);
        ParityWorld.AssertSameRankings([onCpu], onDevice, Tolerance);
    }

    [Fact]
    public void Changed_rows_are_uploaded_in_the_background_within_the_staleness_bound()
    {
        (_, SurfaceModel device) = ParityWorld.Build(Backend, dimension: 2, items: 10, updates: 0, seed: 1, staleness: TimeSpan.FromMilliseconds(50));
        _ = ParityWorld.RankAll(device, [new(Contexts.Dense(1, 1), null, null, 1, 0, null)]);
        Assert.Equal(0, device.PendingDeviceRows);

        device.Apply("item-0004", Contexts.Dense(1, 0), 1);
        device.Apply("item-0005", Contexts.Dense(0, 1), 1);
        Assert.Equal(2, device.PendingDeviceRows);

        // No ranking runs: only the background flush (half the bound after the first change) can upload them.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (device.PendingDeviceRows > 0 && waited.Elapsed < TimeSpan.FromSeconds(5))
        {
            Thread.Sleep(5);
        }

        Assert.Equal(0, device.PendingDeviceRows);
    }

    [Fact]
    public void A_recovering_policy_whose_index_runs_on_the_device_plans_the_same_schedule_as_on_the_cpu()
    {
        double[][] rewards = ReferenceInstances.RandomInstance(1);
        var options = new RecoveryOptions(PeriodSeconds: 30, SlotsPerPeriod: 2, MaxIdlePeriods: 4, DefaultReward: 0.1) { HistoryPeriods = 100 };
        var onCpu = new RecoveringPeriodicPolicy(options, 5);
        var onDevice = new RecoveringPeriodicPolicy(options, 5) { IndexBackend = new CountingIndexBackend(Backend), MinDeviceArms = 1 };

        RecoveringWorld.RunPolicy(rewards, onCpu, 300, new Random(4));
        RecoveringWorld.RunPolicy(rewards, onDevice, 300, new Random(4));

        Assert.True(((CountingIndexBackend)onDevice.IndexBackend).Calls > 0, "no plan computed its index on the device");
        Assert.Equal(onCpu.PlanVersion, onDevice.PlanVersion);
        Assert.Equal(onCpu.Schedule(250, 80), onDevice.Schedule(250, 80), ScheduleComparer.Instance);
    }

    [Fact]
    public void A_recovering_policy_keeps_planning_on_the_cpu_when_its_device_fails()
    {
        double[][] rewards = ReferenceInstances.RandomInstance(0);
        var options = new RecoveryOptions(PeriodSeconds: 30, SlotsPerPeriod: 2, MaxIdlePeriods: 4, DefaultReward: 0.1) { HistoryPeriods = 100 };
        var onCpu = new RecoveringPeriodicPolicy(options, 6);
        var failing = new RecoveringPeriodicPolicy(options, 6) { IndexBackend = new FailingIndexBackend(), MinDeviceArms = 1 };

        RecoveringWorld.RunPolicy(rewards, onCpu, 200, new Random(2));
        RecoveringWorld.RunPolicy(rewards, failing, 200, new Random(2));

        Assert.Equal(onCpu.Schedule(150, 60), failing.Schedule(150, 60), ScheduleComparer.Instance);
    }

    [Fact]
    public void Recovery_index_on_the_device_is_bit_identical_to_the_policy_statistics()
    {
        const int maxIdle = 7;
        const int arms = 33;
        var random = new Random(42);
        var statistics = new IdleRewardStatistics(maxIdle, arms);
        for (int arm = 0; arm < arms; arm++)
        {
            statistics.AddArm();
        }

        for (int observation = 0; observation < 500; observation++)
        {
            statistics.Add(random.Next(arms), 1 + random.Next(maxIdle), random.NextDouble());
        }

        var onDevice = new double[arms * maxIdle];
        Backend.ComputeUpperBounds(statistics.Counts, statistics.Sums, maxIdle, t: 1234, maxReward: 1, onDevice);

        var expected = new double[maxIdle];
        for (int arm = 0; arm < arms; arm++)
        {
            statistics.UpperBounds(arm, 1234, 1, expected);
            Assert.Equal(expected, onDevice.AsSpan(arm * maxIdle, maxIdle).ToArray());
        }
    }

    private sealed class CountingIndexBackend(IRecoveryIndexBackend inner) : IRecoveryIndexBackend
    {
        public int Calls { get; private set; }

        public void ComputeUpperBounds(ReadOnlySpan<long> counts, ReadOnlySpan<double> sums, int maxIdle, long t, double maxReward, Span<double> upperBounds)
        {
            Calls++;
            inner.ComputeUpperBounds(counts, sums, maxIdle, t, maxReward, upperBounds);
        }
    }

    private sealed class FailingIndexBackend : IRecoveryIndexBackend
    {
        public void ComputeUpperBounds(ReadOnlySpan<long> counts, ReadOnlySpan<double> sums, int maxIdle, long t, double maxReward, Span<double> upperBounds) =>
            throw new ObjectDisposedException("accelerator");
    }
}
