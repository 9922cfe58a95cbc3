namespace BanditServe.Bandits.Tests.Concurrency;

/// <summary>
/// One writer and several readers at once. The writer flips each hot item between two very different
/// rows (rewards +1 and −1 with strong forgetting), so a row read half-written mixes signs and its
/// mean lands far from both consistent values, which every reader checks.
/// </summary>
public sealed class ConcurrentRankAndUpdateTests
{
    private const int Hot = 8;
    private const int Touched = 32;

    [Theory]
    [InlineData(Touched)]
    [InlineData(2_000_000)]
    public async Task Readers_never_see_a_torn_row_while_the_writer_updates_adds_and_deactivates(int dimension)
    {
        // Arrange: f = 1e-6 makes each row almost exactly the last example: theta = ±r/(1 + 1) on all 32 coordinates.
        var model = new SurfaceModel(dimension, new DiagLinUcbOptions(Alpha: 0, Epsilon: 0, Ridge: 1, Forgetting: 1e-6));
        int stride = dimension / Touched;
        int[] indices = [.. Enumerable.Range(0, Touched).Select(c => c * stride)];
        FeatureVector context = FeatureVector.Sparse(indices, [.. indices.Select(_ => 1f)], dimension);
        string[] hot = [.. Enumerable.Range(0, Hot).Select(j => $"hot-{j}")];
        foreach (string id in hot)
        {
            model.UpsertItem(id);
            model.Apply(id, context, 1);
        }

        CancellationToken token = TestContext.Current.CancellationToken;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(token);
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        long positive = 0;
        long negative = 0;
        long rankings = 0;

        // Act
        Task writer = Task.Run(
            () =>
            {
                var random = new Random(1);
                long update = 0;
                while (!stop.IsCancellationRequested)
                {
                    string id = hot[random.Next(Hot)];

                    // On the sparse store every update also inserts a new coordinate, so rows grow in place and by copy.
                    // The new coordinate is never one of the context's (a repeated index is refused, and 1 in 62,500
                    // draws hit one).
                    int extra = dimension - 1 - random.Next(1_000_000);
                    extra -= extra % stride == 0 ? 1 : 0;
                    FeatureVector example = dimension > SurfaceModel.DenseDimensionLimit
                        ? FeatureVector.Sparse([.. indices, extra], [.. indices.Select(_ => 1f), 1f], dimension)
                        : context;
                    model.Apply(id, example, (update++ & 1) == 0 ? 1 : -1);
                    if (update % 64 == 0)
                    {
                        model.UpsertItem($"cold-{update}");
                        model.DeactivateItem($"cold-{update - 640}");
                    }
                }
            },
            token);

        Task[] readers = [.. Enumerable.Range(0, 2).Select(r => Task.Run(
            () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    IReadOnlyList<RankedItem> ranked = model.Rank(context, hot, null, Hot, (ulong)r).Items;
                    Interlocked.Increment(ref rankings);
                    foreach (RankedItem item in ranked)
                    {
                        // Consistent rows give a mean of 32·(±1/2)·(1 − 1e-6) ≈ ±16 within float rounding.
                        if (Math.Abs(Math.Abs(item.Mean) - 16) > 1e-3)
                        {
                            failures.Enqueue($"{item.ItemId}: mean {item.Mean}");
                        }

                        Interlocked.Increment(ref item.Mean > 0 ? ref positive : ref negative);
                    }

                    // Readers also walk the whole growing catalog.
                    model.Rank(context, null, null, 3, (ulong)r);
                }
            },
            token))];

        await Task.Delay(TimeSpan.FromSeconds(1.5), token);
        await stop.CancelAsync();
        await Task.WhenAll([writer, .. readers]);

        // Assert
        Assert.Empty(failures);
        Assert.True(rankings > 100, $"only {rankings} rankings ran");
        Assert.True(positive > 0 && negative > 0, "readers saw rows in both states");
        Assert.True(model.ItemCount > Hot, "the writer added items meanwhile");
    }
}
