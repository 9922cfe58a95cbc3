namespace BanditServe.Storage.Tests;

public abstract partial class BanditStoreContract
{
    [Fact]
    public async Task Decisions_with_dense_sparse_and_no_context_are_read_back_unchanged()
    {
        var surface = TestRecords.UniqueSurface();
        var at = TestRecords.Epoch;
        DecisionRecord[] decisions =
        [
            TestRecords.Decision(surface, at) with { Features = [float.MaxValue, float.Epsilon, -0f, 3.25f] },
            TestRecords.Decision(surface, at.AddTicks(10)) with
            {
                Features = null,
                SparseFeatures = new SparseFeatures([3, 4096, 16_777_215], [0.7f, 0.3f, -1f]),
                UserId = null,
            },
            TestRecords.Decision(surface, at.AddTicks(20)) with
            {
                Features = null,
                Policy = "recovering-periodic",
                Items = [new DecisionItem("ünïcode-item", 0, 0, 1)],
            },
            TestRecords.Decision(surface, at.AddTicks(30)) with { Items = [] },
        ];

        await Store.AppendDecisionsAsync(decisions, Token);
        var read = await TestRecords.ToListAsync(Store.ReadDecisionsAsync(surface, at, at.AddSeconds(1), Token));

        Assert.Equal(decisions.Length, read.Count);
        for (var i = 0; i < decisions.Length; i++)
        {
            StoreAssert.DecisionEqual(decisions[i], read[i]);
        }
    }

    [Fact]
    public async Task A_batch_is_recognisable_by_its_id_once_committed_and_only_then()
    {
        var surface = TestRecords.UniqueSurface();
        var decisionBatch = Guid.NewGuid();
        var rewardBatch = Guid.NewGuid();
        var refusedBatch = Guid.NewGuid();
        Assert.False(await Store.LogBatchExistsAsync(decisionBatch, Token));

        await Store.AppendDecisionsAsync([TestRecords.Decision(surface, TestRecords.Epoch)], decisionBatch, Token);
        await Store.AppendRewardsAsync([TestRecords.Reward(surface, TestRecords.Epoch)], rewardBatch, Token);
        var invalid = TestRecords.Decision(surface, TestRecords.Epoch) with { SparseFeatures = new SparseFeatures([1], [1f]) };
        await Assert.ThrowsAsync<ArgumentException>(() => Store.AppendDecisionsAsync([invalid], refusedBatch, Token));

        Assert.True(await Store.LogBatchExistsAsync(decisionBatch, Token));
        Assert.True(await Store.LogBatchExistsAsync(rewardBatch, Token));
        Assert.False(await Store.LogBatchExistsAsync(refusedBatch, Token));
        Assert.False(await Store.LogBatchExistsAsync(Guid.NewGuid(), Token));
    }

    [Fact]
    public async Task Purging_batch_markers_forgets_the_batches_and_keeps_their_log_rows()
    {
        var store = await Fixture.CreateFreshStoreAsync();
        var surface = TestRecords.UniqueSurface();
        var batch = Guid.NewGuid();
        await store.AppendDecisionsAsync([TestRecords.Decision(surface, TestRecords.Epoch)], batch, Token);

        var keptBeforeTheirTime = await store.PurgeLogBatchMarkersBeforeAsync(DateTimeOffset.UtcNow.AddHours(-1), Token);
        var purged = await store.PurgeLogBatchMarkersBeforeAsync(DateTimeOffset.UtcNow.AddHours(1), Token);

        Assert.Equal(0, keptBeforeTheirTime);
        Assert.Equal(1, purged);
        Assert.False(await store.LogBatchExistsAsync(batch, Token));
        Assert.Single(await TestRecords.ToListAsync(store.ReadDecisionsAsync(surface, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, Token)));
    }

    [Fact]
    public async Task A_batch_appended_again_under_an_id_already_committed_writes_nothing()
    {
        var surface = TestRecords.UniqueSurface();
        var decisionBatch = Guid.NewGuid();
        var rewardBatch = Guid.NewGuid();

        await Store.AppendDecisionsAsync([TestRecords.Decision(surface, TestRecords.Epoch, "first")], decisionBatch, Token);
        await Store.AppendDecisionsAsync([TestRecords.Decision(surface, TestRecords.Epoch, "again")], decisionBatch, Token);
        await Store.AppendRewardsAsync([TestRecords.Reward(surface, TestRecords.Epoch, "first")], rewardBatch, Token);
        await Store.AppendRewardsAsync([TestRecords.Reward(surface, TestRecords.Epoch, "again")], rewardBatch, Token);

        var decisions = await TestRecords.ToListAsync(Store.ReadDecisionsAsync(surface, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, Token));
        var rewards = await TestRecords.ToListAsync(Store.ReadRewardsAsync(surface, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, Token));
        Assert.Equal(["first"], decisions.Select(d => d.EventId));
        Assert.Equal(["first"], rewards.Select(r => r.EventId));
    }

    [Fact]
    public async Task Decision_with_both_dense_and_sparse_features_is_refused_and_its_batch_not_written()
    {
        var surface = TestRecords.UniqueSurface();
        var valid = TestRecords.Decision(surface, TestRecords.Epoch);
        var invalid = TestRecords.Decision(surface, TestRecords.Epoch) with { SparseFeatures = new SparseFeatures([1], [1f]) };

        await Assert.ThrowsAsync<ArgumentException>(() => Store.AppendDecisionsAsync([valid, invalid], Token));

        Assert.Empty(await TestRecords.ToListAsync(Store.ReadDecisionsAsync(surface, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, Token)));
    }

    [Fact]
    public async Task Decisions_are_streamed_in_time_order_across_pages_including_equal_times()
    {
        var surface = TestRecords.UniqueSurface();
        var start = TestRecords.Epoch;
        // 40 decisions on 10 distinct instants (so equal times straddle the 7-row pages), appended out of order in 3 batches.
        var decisions = Enumerable.Range(0, 40)
            .Select(i => TestRecords.Decision(surface, start.AddMilliseconds(i / 4), eventId: $"e{i:D2}"))
            .ToArray();
        var shuffled = decisions.OrderBy(d => d.EventId.GetHashCode(StringComparison.Ordinal)).ToArray();
        await Store.AppendDecisionsAsync(shuffled[..13], Token);
        await Store.AppendDecisionsAsync(shuffled[13..27], Token);
        await Store.AppendDecisionsAsync(shuffled[27..], Token);

        var read = await TestRecords.ToListAsync(Store.ReadDecisionsAsync(surface, start, start.AddSeconds(1), Token));

        Assert.Equal(40, read.Count);
        Assert.Equal(decisions.Select(d => d.At), read.Select(d => d.At));
        Assert.Equal(40, read.Select(d => d.EventId).Distinct().Count());
        // Equal times come in append order.
        var appendOrder = shuffled.Select(d => d.EventId).ToList();
        foreach (var group in read.GroupBy(d => d.At))
        {
            var indexes = group.Select(d => appendOrder.IndexOf(d.EventId)).ToArray();
            Assert.Equal(indexes.Order(), indexes);
        }
    }

    [Fact]
    public async Task Decision_read_is_a_half_open_range_of_one_surface_or_of_all()
    {
        var surface = TestRecords.UniqueSurface();
        var other = TestRecords.UniqueSurface();
        var from = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var to = from.AddHours(1);
        await Store.AppendDecisionsAsync(
        [
            TestRecords.Decision(surface, from.AddTicks(-10), "before"),
            TestRecords.Decision(surface, from, "first"),
            TestRecords.Decision(other, from.AddMinutes(1), "other"),
            TestRecords.Decision(surface, to.AddTicks(-10), "last"),
            TestRecords.Decision(surface, to, "at-end"),
        ], Token);

        var ofSurface = await TestRecords.ToListAsync(Store.ReadDecisionsAsync(surface, from, to, Token));
        var ofAll = await TestRecords.ToListAsync(Store.ReadDecisionsAsync(null, from, to, Token));

        Assert.Equal(["first", "last"], ofSurface.Select(d => d.EventId));
        Assert.Equal(["first", "other", "last"], ofAll.Select(d => d.EventId));
    }

    [Fact]
    public async Task Decision_times_are_kept_to_the_microsecond_in_utc()
    {
        var surface = TestRecords.UniqueSurface();
        var local = new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.FromHours(2)).AddTicks(1_234_567);

        await Store.AppendDecisionsAsync([TestRecords.Decision(surface, local)], Token);
        var read = Assert.Single(await TestRecords.ToListAsync(Store.ReadDecisionsAsync(surface, local.AddDays(-1), local.AddDays(1), Token)));

        Assert.Equal(local.AddTicks(-7), read.At);
        Assert.Equal(TimeSpan.Zero, read.At.Offset);
    }

    [Fact]
    public async Task Rewards_are_read_back_in_time_order_by_surface_or_all()
    {
        var surface = TestRecords.UniqueSurface();
        var from = new DateTimeOffset(2031, 1, 1, 0, 0, 0, TimeSpan.Zero);
        RewardRecord[] rewards =
        [
            TestRecords.Reward(surface, from.AddSeconds(3)) with { Reward = -0.5, Outcome = RewardOutcome.Duplicate },
            TestRecords.Reward(null, from.AddSeconds(1)) with { Outcome = RewardOutcome.Received },
            TestRecords.Reward(surface, from.AddSeconds(2)) with { Outcome = RewardOutcome.DefaultApplied, Reward = 0 },
            TestRecords.Reward(surface, from.AddDays(1)),
        ];
        // More rewards than a page, so the all-surfaces read pages too.
        var filler = Enumerable.Range(0, 10).Select(i => TestRecords.Reward(TestRecords.UniqueSurface(), from.AddSeconds(10 + i))).ToArray();
        await Store.AppendRewardsAsync([.. rewards, .. filler], Token);

        var ofSurface = await TestRecords.ToListAsync(Store.ReadRewardsAsync(surface, from, from.AddHours(1), Token));
        var ofAll = await TestRecords.ToListAsync(Store.ReadRewardsAsync(null, from, from.AddHours(1), Token));

        Assert.Equal([rewards[2], rewards[0]], ofSurface);
        Assert.Equal([rewards[1], rewards[2], rewards[0], .. filler], ofAll);
    }

    [Fact]
    public async Task Purge_deletes_log_entries_older_than_the_cutoff_only()
    {
        var store = await Fixture.CreateFreshStoreAsync();
        var surface = TestRecords.UniqueSurface();
        var cutoff = TestRecords.Epoch;
        await store.AppendDecisionsAsync(
            [TestRecords.Decision(surface, cutoff.AddDays(-40)), TestRecords.Decision(surface, cutoff.AddTicks(-10)), TestRecords.Decision(surface, cutoff)],
            Token);
        await store.AppendRewardsAsync([TestRecords.Reward(surface, cutoff.AddDays(-31)), TestRecords.Reward(null, cutoff.AddDays(1))], Token);

        var purged = await store.PurgeLogsBeforeAsync(cutoff, Token);
        var purgedAgain = await store.PurgeLogsBeforeAsync(cutoff, Token);

        Assert.Equal(new PurgeResult(2, 1), purged);
        Assert.Equal(new PurgeResult(0, 0), purgedAgain);
        var decisions = await TestRecords.ToListAsync(store.ReadDecisionsAsync(null, DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue, Token));
        Assert.Equal(cutoff, Assert.Single(decisions).At);
        var rewards = await TestRecords.ToListAsync(store.ReadRewardsAsync(null, DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue, Token));
        Assert.Equal(cutoff.AddDays(1), Assert.Single(rewards).At);
    }
}
