using System.Diagnostics;

namespace BanditServe.Bandits.Scoring;

/// <summary>
/// Ranks concurrent requests for one surface together: full-catalog requests that arrive while a
/// batch is being scored, or within a short window, are scored in one pass over the model, so the
/// model is read once for many requests (<see cref="SurfaceModel"/> does the pass, on the CPU or the device).
/// </summary>
/// <remarks>
/// <para>
/// The first request to arrive leads: it waits up to the window only while other requests are in
/// flight, so a lone request at low load is ranked at once and pays no latency. Requests arriving
/// while a batch is scored form the next batch, which a thread-pool thread leads, so no caller
/// serves other callers' batches after its own. Requests with a candidate list are ranked directly
/// (their lists are small; a shared pass does not pay).
/// </para>
/// <para>Each request gets the ranking <see cref="SurfaceModel.Rank(FeatureVector, IReadOnlyList{string}?, IReadOnlyCollection{string}?, int, ulong, DateTimeOffset?)"/>
/// would give it (same seed, same placements), up to float rounding in near-ties.</para>
/// </remarks>
public sealed class RankMicroBatcher
{
    private readonly Lock _gate = new();
    private readonly List<Waiter> _queue = [];
    private readonly long _windowTicks;
    private bool _leading;
    private int _inFlight;
    private long _batches;
    private long _batchedRequests;

    /// <summary>Creates a batcher for one surface.</summary>
    /// <param name="model">The surface's model.</param>
    /// <param name="window">How long a leader waits for more requests while others are in flight (0 to batch only what queued during the previous pass); at most 10 ms.</param>
    /// <param name="maxBatch">The most requests one pass scores, 1 to 4096.</param>
    public RankMicroBatcher(SurfaceModel model, TimeSpan window, int maxBatch = 256)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(window, TimeSpan.FromMilliseconds(10));
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxBatch, 4096);
        Model = model;
        Window = window;
        MaxBatch = maxBatch;
        _windowTicks = (long)(window.TotalSeconds * Stopwatch.Frequency);
    }

    /// <summary>The surface's model.</summary>
    public SurfaceModel Model { get; }

    /// <summary>The batching window.</summary>
    public TimeSpan Window { get; }

    /// <summary>The most requests per pass.</summary>
    public int MaxBatch { get; }

    /// <summary>Passes run so far.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Requests ranked through passes so far (divided by <see cref="Batches"/>: the mean batch size).</summary>
    public long BatchedRequests => Interlocked.Read(ref _batchedRequests);

    /// <summary>Ranks like <see cref="SurfaceModel.Rank(FeatureVector, IReadOnlyList{string}?, IReadOnlyCollection{string}?, int, ulong, DateTimeOffset?)"/>, batched with concurrent requests.</summary>
    /// <param name="context">The context.</param>
    /// <param name="candidates">The candidates; null for all active items (only these are batched).</param>
    /// <param name="exclude">Items never to place.</param>
    /// <param name="slots">How many items to place.</param>
    /// <param name="seed">The exploration seed.</param>
    /// <param name="shownAt">The decision time, or null.</param>
    /// <returns>The outcome; faulted with <see cref="BanditArgumentException"/> for invalid input, as <c>Rank</c> throws it.</returns>
    public Task<RankOutcome> RankAsync(FeatureVector context, IReadOnlyList<string>? candidates, IReadOnlyCollection<string>? exclude, int slots, ulong seed, DateTimeOffset? shownAt = null)
    {
        if (candidates is not null)
        {
            try
            {
                return Task.FromResult(Model.Rank(context, candidates, exclude, slots, seed, shownAt));
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                return Task.FromException<RankOutcome>(exception);
            }
        }

        var waiter = new Waiter(new RankRequest(context, null, exclude, slots, seed, shownAt));
        Interlocked.Increment(ref _inFlight);
        bool lead;
        lock (_gate)
        {
            _queue.Add(waiter);
            lead = !_leading;
            _leading = true;
        }

        if (lead)
        {
            Drain();
        }

        return waiter.Completion.Task;
    }

    private void Drain()
    {
        if (_windowTicks > 0 && Volatile.Read(ref _inFlight) > 1)
        {
            long deadline = Stopwatch.GetTimestamp() + _windowTicks;
            var spinner = default(SpinWait);
            while (Stopwatch.GetTimestamp() < deadline && QueuedCount() < MaxBatch)
            {
                spinner.SpinOnce(sleep1Threshold: -1);
            }
        }

        Waiter[] batch;
        lock (_gate)
        {
            int take = Math.Min(MaxBatch, _queue.Count);
            batch = [.. _queue.GetRange(0, take)];
            _queue.RemoveRange(0, take);
        }

        var requests = new RankRequest[batch.Length];
        for (int i = 0; i < batch.Length; i++)
        {
            requests[i] = batch[i].Request;
        }

        var outcomes = new RankOutcome?[batch.Length];
        var errors = new Exception?[batch.Length];
        try
        {
            Model.RankBatch(requests, outcomes, errors);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            Array.Fill(errors, exception);
        }

        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _batchedRequests, batch.Length);
        for (int i = 0; i < batch.Length; i++)
        {
            Interlocked.Decrement(ref _inFlight);
            if (outcomes[i] is { } outcome)
            {
                batch[i].Completion.TrySetResult(outcome);
            }
            else
            {
                batch[i].Completion.TrySetException(errors[i] ?? new InvalidOperationException("The batch produced no outcome."));
            }
        }

        lock (_gate)
        {
            if (_queue.Count == 0)
            {
                _leading = false;
                return;
            }
        }

        // More arrived while this pass ran: a pool thread leads the next one, so this caller returns now.
        ThreadPool.UnsafeQueueUserWorkItem(static batcher => batcher.Drain(), this, preferLocal: false);
    }

    private int QueuedCount()
    {
        lock (_gate)
        {
            return _queue.Count;
        }
    }

    private sealed class Waiter(RankRequest request)
    {
        public RankRequest Request { get; } = request;

        public TaskCompletionSource<RankOutcome> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
