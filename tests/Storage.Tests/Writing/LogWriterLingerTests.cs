using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;

namespace BanditServe.Storage.Tests;

/// <summary>
/// <see cref="StorageOptions.BatchLinger"/>: after a batch that emptied the buffer the writer waits for more records,
/// so a trickle becomes one larger batch; a full batch is followed at once by the next, so the pause never caps
/// how fast a backlog is written.
/// </summary>
public sealed class LogWriterLingerTests
{
    private static readonly TimeSpan Linger = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Records_arriving_during_the_linger_are_written_together_after_it()
    {
        using var stopping = new CancellationTokenSource();
        var writer = new RecordingWriter(new StorageOptions { BatchSize = 100, BatchLinger = Linger });
        var loop = writer.RunAsync(stopping.Token);

        Assert.True(writer.TryEnqueue(TestRecords.Decision("linger", TestRecords.Epoch, "first")));
        await WaitUntilAsync(() => writer.Batches.Count == 1);
        for (var i = 0; i < 20; i++)
        {
            Assert.True(writer.TryEnqueue(TestRecords.Decision("linger", TestRecords.Epoch.AddTicks(i + 1), $"e{i}")));
        }

        await WaitUntilAsync(() => writer.Batches.Count == 2);
        await stopping.CancelAsync();
        await loop;
        await writer.FlushAsync();

        Assert.Equal([1, 20], writer.Batches.Select(batch => batch.Size));
        // The first record was written on arrival; the rest waited out the linger that followed it.
        Assert.True(writer.Batches[1].At - writer.Batches[0].At >= Linger * 0.9, $"second batch {(writer.Batches[1].At - writer.Batches[0].At).TotalMilliseconds} ms after the first");
    }

    [Fact]
    public async Task A_backlog_is_written_in_full_batches_without_pauses_between_them()
    {
        using var stopping = new CancellationTokenSource();
        var writer = new RecordingWriter(new StorageOptions { BatchSize = 10, BatchLinger = Linger });
        for (var i = 0; i < 25; i++)
        {
            Assert.True(writer.TryEnqueue(TestRecords.Decision("backlog", TestRecords.Epoch.AddTicks(i), $"e{i}")));
        }

        var loop = writer.RunAsync(stopping.Token);
        await WaitUntilAsync(() => writer.Batches.Count == 3);
        await stopping.CancelAsync();
        await loop;

        Assert.Equal([10, 10, 5], writer.Batches.Select(batch => batch.Size));
        Assert.True(writer.Batches[2].At - writer.Batches[0].At < Linger / 2, $"the backlog took {(writer.Batches[2].At - writer.Batches[0].At).TotalMilliseconds} ms");
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var started = Stopwatch.GetTimestamp();
        while (!condition())
        {
            Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(30), "timed out");
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>A writer that notes the size and time of each batch instead of writing it.</summary>
    private sealed class RecordingWriter(StorageOptions options)
        : LogWriter<DecisionRecord>(
            "decisions", Microsoft.Extensions.Options.Options.Create(options), new StorageHealth(TimeProvider.System), TimeProvider.System, NullLogger.Instance)
    {
        private readonly List<(int Size, TimeSpan At)> _batches = [];
        private readonly long _created = Stopwatch.GetTimestamp();

        public IReadOnlyList<(int Size, TimeSpan At)> Batches
        {
            get
            {
                lock (_batches)
                {
                    return [.. _batches];
                }
            }
        }

        protected override Task WriteBatchAsync(IReadOnlyList<DecisionRecord> batch, Guid batchId, CancellationToken cancellationToken)
        {
            lock (_batches)
            {
                _batches.Add((batch.Count, Stopwatch.GetElapsedTime(_created)));
            }

            return Task.CompletedTask;
        }

        protected override Task<bool> WasWrittenAsync(Guid batchId, CancellationToken cancellationToken) => Task.FromResult(false);

        protected override string Describe(DecisionRecord record) => record.EventId;
    }
}
