using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Prometheus;

namespace BanditServe.Storage;

/// <summary>
/// Takes log records off the request path: <see cref="TryEnqueue"/> never blocks, and a background loop
/// (<see cref="LogWriterService"/>) writes them in batches, retrying with exponential backoff while the database is
/// slow or down.
/// </summary>
/// <typeparam name="T">The record type.</typeparam>
/// <remarks>
/// The buffer holds <see cref="StorageOptions.WriteBufferCapacity"/> records. What cannot be buffered is dropped,
/// counted in <c>bandit_storage_dropped_total{log}</c> and logged — never silently. A record the database refuses
/// (bad data, not a down server) is dropped the same way after its batch is retried one record at a time, so one bad
/// record cannot stall the log. On shutdown the buffer is flushed for at most <see cref="StorageOptions.ShutdownFlushTimeout"/>.
/// </remarks>
public abstract class LogWriter<T>
    where T : class
{
    private readonly Channel<T> channel;
    private readonly StorageOptions options;
    private readonly StorageHealth health;
    private readonly TimeProvider timeProvider;
    private readonly ILogger logger;
    private readonly Counter.Child droppedCounter;
    private readonly Counter.Child writtenCounter;
    private readonly Counter.Child failureCounter;
    private readonly Gauge.Child bufferedGauge;
    private readonly Histogram.Child batchSeconds;
    private readonly List<T> currentBatch;
    private Task runLoop = Task.CompletedTask;
    private long dropped;
    private long droppedSinceReport;
    private Guid writeId;
    private bool writeUnconfirmed;
    private bool isolatingRecords;
    private int inFlight;

    /// <summary>Creates a writer for one log.</summary>
    /// <param name="name">The log's name: the metric label and health component (<c>decisions</c>, <c>rewards</c>).</param>
    /// <param name="options">Buffer capacity, batch size, retry delays, shutdown flush timeout.</param>
    /// <param name="health">Where write failures and recoveries are reported.</param>
    /// <param name="timeProvider">The clock for retry delays.</param>
    /// <param name="logger">Where failures and drops are logged.</param>
    protected LogWriter(string name, IOptions<StorageOptions> options, StorageHealth health, TimeProvider timeProvider, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(health);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        Name = name;
        this.options = options.Value;
        this.health = health;
        this.timeProvider = timeProvider;
        this.logger = logger;
        channel = Channel.CreateBounded<T>(new BoundedChannelOptions(this.options.WriteBufferCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
        currentBatch = new List<T>(this.options.BatchSize);
        droppedCounter = StorageMetrics.Dropped.WithLabels(name);
        writtenCounter = StorageMetrics.Written.WithLabels(name);
        failureCounter = StorageMetrics.WriteFailures.WithLabels(name);
        bufferedGauge = StorageMetrics.Buffered.WithLabels(name);
        batchSeconds = StorageMetrics.BatchWriteSeconds.WithLabels(name);
    }

    /// <summary>The log's name (metric label and health component).</summary>
    public string Name { get; }

    /// <summary>Records buffered or being written.</summary>
    public int Pending => channel.Reader.Count + Volatile.Read(ref inFlight);

    /// <summary>Records this writer dropped since it was created.</summary>
    public long DroppedCount => Interlocked.Read(ref dropped);

    /// <summary>Buffers a record for writing; returns at once whatever the database does.</summary>
    /// <param name="record">The record.</param>
    /// <returns><see langword="true"/> when buffered; <see langword="false"/> when the buffer is full (or the writer has shut down) and the record was dropped and counted.</returns>
    public bool TryEnqueue(T record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (channel.Writer.TryWrite(record))
        {
            bufferedGauge.Inc();
            return true;
        }

        CountDropped(1);
        if (Interlocked.Increment(ref droppedSinceReport) == 1)
        {
            Log.BufferFull(logger, Name, options.WriteBufferCapacity);
        }

        return false;
    }

    /// <summary>Writes one batch to the database; all or nothing.</summary>
    /// <param name="batch">The records.</param>
    /// <param name="batchId">Committed with the batch, so <see cref="WasWrittenAsync"/> can recognise it.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    protected abstract Task WriteBatchAsync(IReadOnlyList<T> batch, Guid batchId, CancellationToken cancellationToken);

    /// <summary>Tells whether the batch written under <paramref name="batchId"/> was committed.</summary>
    /// <param name="batchId">The id of a batch whose write failed.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    protected abstract Task<bool> WasWrittenAsync(Guid batchId, CancellationToken cancellationToken);

    /// <summary>Names a record in logs (its event id).</summary>
    /// <param name="record">The record.</param>
    protected abstract string Describe(T record);

    /// <summary>Writes buffered records until <paramref name="stoppingToken"/> fires; <see cref="FlushAsync"/> writes the rest.</summary>
    internal Task RunAsync(CancellationToken stoppingToken)
    {
        runLoop = RunLoopAsync(stoppingToken);
        return runLoop;
    }

    /// <summary>
    /// Stops buffering and writes what is buffered (including a batch the loop was cut short in) for at most
    /// <see cref="StorageOptions.ShutdownFlushTimeout"/>; what is left then is dropped and counted.
    /// </summary>
    /// <remarks>Runs whether or not the loop ever started: a host stopped right after starting still flushes.</remarks>
    internal async Task FlushAsync()
    {
        channel.Writer.TryComplete();
        // The current batch belongs to the loop until it has ended (it ends on cancellation without throwing).
        await runLoop;

        using var flushTimeout = new CancellationTokenSource(options.ShutdownFlushTimeout, timeProvider);
        try
        {
            while (true)
            {
                if (currentBatch.Count == 0)
                {
                    TakeBatch(currentBatch);
                    if (currentBatch.Count == 0)
                    {
                        break;
                    }
                }

                await WriteWithRetryAsync(currentBatch, flushTimeout.Token);
            }
        }
        catch (Exception) when (flushTimeout.IsCancellationRequested)
        {
            long lost = currentBatch.Count;
            while (channel.Reader.TryRead(out _))
            {
                lost++;
            }

            bufferedGauge.Dec(lost - currentBatch.Count);
            currentBatch.Clear();
            Volatile.Write(ref inFlight, 0);
            CountDropped(lost);
            Log.ShutdownFlushIncomplete(logger, lost, Name);
        }

        ReportDrops();
    }

    private async Task RunLoopAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await channel.Reader.WaitToReadAsync(stoppingToken))
            {
                TakeBatch(currentBatch);
                bool drained = currentBatch.Count < options.BatchSize;
                await WriteWithRetryAsync(currentBatch, stoppingToken);
                ReportDrops();
                if (drained && options.BatchLinger > TimeSpan.Zero && channel.Reader.Count < options.BatchSize)
                {
                    // Without the pause, a writer that keeps up wakes for every few records and commits a
                    // transaction for each handful. Not when a backlog built up during the write (slow database,
                    // retries). Real time, not the injected clock: this is pacing, not a timeout.
                    await Task.Delay(options.BatchLinger, stoppingToken);
                }
            }
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down (a cancelled write may surface as a provider exception): FlushAsync writes what is left.
        }
    }

    private void TakeBatch(List<T> batch)
    {
        if (batch.Count == 0)
        {
            // A new batch gets its own id; a batch cut short (shutdown) keeps its id and mode, so the flush can ask
            // whether the attempt in flight went through.
            isolatingRecords = false;
            StartWrite();
        }

        var taken = 0;
        while (batch.Count < options.BatchSize && channel.Reader.TryRead(out var record))
        {
            batch.Add(record);
            taken++;
        }

        Volatile.Write(ref inFlight, batch.Count);
        bufferedGauge.Dec(taken);
    }

    private async Task WriteWithRetryAsync(List<T> batch, CancellationToken cancellationToken)
    {
        var attempts = 0;
        var delay = options.RetryInitialDelay;
        while (batch.Count > 0)
        {
            try
            {
                if (isolatingRecords)
                {
                    await WriteOneByOneAsync(batch, cancellationToken);
                }
                else
                {
                    if (!await WasCommittedAsync(cancellationToken))
                    {
                        await WriteTimedAsync(batch, cancellationToken);
                    }

                    writtenCounter.Inc(batch.Count);
                    batch.Clear();
                }

                Volatile.Write(ref inFlight, 0);
                if (attempts > 0)
                {
                    Log.WritesRecovered(logger, Name, attempts + 1);
                }

                health.ReportHealthy(Name);
                return;
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested && !isolatingRecords && StorageErrors.IsCausedByTheRecords(exception))
            {
                // Some record is refused (so nothing was committed): find it by writing the batch one record at a time.
                isolatingRecords = true;
                StartWrite();
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                // The connection may have broken after the database committed but before it acknowledged: the next
                // attempt asks before writing again (WriteTimedAsync left the write marked unconfirmed).
                attempts++;
                failureCounter.Inc();
                health.ReportFailure(Name, $"writing the {Name} log fails: {exception.Message}");
                Log.BatchWriteFailed(logger, batch.Count, Name, attempts, Pending, delay, exception);
                ReportDrops();
                await Task.Delay(delay, timeProvider, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.RetryMaxDelay.Ticks));
            }
        }
    }

    private async Task WriteOneByOneAsync(List<T> batch, CancellationToken cancellationToken)
    {
        while (batch.Count > 0)
        {
            var record = batch[0];
            try
            {
                if (!await WasCommittedAsync(cancellationToken))
                {
                    await WriteTimedAsync([record], cancellationToken);
                }

                writtenCounter.Inc();
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested && StorageErrors.IsCausedByTheRecords(exception))
            {
                CountDropped(1);
                Log.RecordRejected(logger, Name, Describe(record), exception);
            }

            batch.RemoveAt(0);
            Volatile.Write(ref inFlight, batch.Count);
            StartWrite();
        }
    }

    /// <summary>Gives the next write (a batch, or one record while isolating a refused one) its own id.</summary>
    private void StartWrite()
    {
        writeId = Guid.NewGuid();
        writeUnconfirmed = false;
    }

    /// <summary>Whether the current write already went through on an attempt whose outcome was not seen.</summary>
    private async Task<bool> WasCommittedAsync(CancellationToken cancellationToken)
    {
        if (!writeUnconfirmed)
        {
            return false;
        }

        // Stays unconfirmed when this check fails too: the next attempt asks again.
        var committed = await WasWrittenAsync(writeId, cancellationToken);
        writeUnconfirmed = false;
        if (committed)
        {
            Log.UnacknowledgedWriteFound(logger, Name);
        }

        return committed;
    }

    private async Task WriteTimedAsync(IReadOnlyList<T> batch, CancellationToken cancellationToken)
    {
        // Until this write is known to be committed or refused, any exit (failure, cancellation at shutdown) leaves it
        // unconfirmed, and the next attempt (the shutdown flush included) asks the database before writing again.
        writeUnconfirmed = true;
        var started = Stopwatch.GetTimestamp();
        await WriteBatchAsync(batch, writeId, cancellationToken);
        batchSeconds.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    private void CountDropped(long count)
    {
        Interlocked.Add(ref dropped, count);
        droppedCounter.Inc(count);
    }

    private void ReportDrops()
    {
        var count = Interlocked.Exchange(ref droppedSinceReport, 0);
        if (count > 0)
        {
            Log.RecordsDropped(logger, count, Name);
        }
    }
}
