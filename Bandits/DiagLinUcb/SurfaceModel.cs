using BanditServe.Bandits.Scoring;
using BanditServe.Bandits.Statistics;

namespace BanditServe.Bandits;

/// <summary>
/// The Diag-LinUCB model of one surface (ALGORITHMS.md 2.3): per item and context coordinate the
/// float64 statistics <c>d = ridge + Σ x²</c> and <c>b = Σ x·r</c>, ranking by
/// <c>Σ x θ + alpha·sqrt(Σ x²/d)</c> with epsilon-greedy exploration and exact propensities.
/// </summary>
/// <remarks>
/// <para>
/// Thread safety: any number of threads may call <see cref="Rank(FeatureVector, IReadOnlyList{string}?, IReadOnlyCollection{string}?, int, ulong)"/>
/// and the read members while others add items, deactivate them and apply updates. Writers are
/// serialised by a lock that readers never take; a reader never sees a half-written row.
/// </para>
/// <para>
/// Storage: dimensions up to <see cref="DenseDimensionLimit"/> keep dense structure-of-arrays rows
/// scored with SIMD; larger ones keep per item only the coordinates it has seen, so memory follows
/// the data. Scores are computed from a float32 published copy of <c>(θ, 1/d)</c> kept in step
/// with the float64 statistics row by row, so they may differ from exact float64 arithmetic by
/// about 1e-7 relative, and slightly across CPU architectures.
/// </para>
/// </remarks>
public sealed partial class SurfaceModel
{
    /// <summary>The largest supported context dimension (2^24).</summary>
    public const int MaxDimension = 16_777_216;

    /// <summary>The largest dimension stored as dense rows; larger ones use the sparse store.</summary>
    public const int DenseDimensionLimit = 4096;

    private readonly Lock _writer = new();
    private readonly ItemCatalog _catalog = new();
    private readonly StatisticsStore _statistics;
    private readonly IScoringBackend _backend;
    private readonly SurfaceScoring _scoring;
    private ResidentTableSync? _resident;
    private bool _deviceRetired;
    private DiagLinUcbOptions _options;
    private long _version;

    /// <summary>Creates an empty model scored on the CPU.</summary>
    /// <param name="dimension">The context dimension, 1 to <see cref="MaxDimension"/>.</param>
    /// <param name="options">The policy parameters (validated).</param>
    /// <exception cref="BanditArgumentException">Field <c>dimension</c> or an option's name.</exception>
    public SurfaceModel(int dimension, DiagLinUcbOptions options)
        : this(dimension, options, (IScoringBackend?)null)
    {
    }

    /// <summary>Creates an empty model scored by <paramref name="scoringBackend"/>.</summary>
    /// <param name="dimension">The context dimension, 1 to <see cref="MaxDimension"/>.</param>
    /// <param name="options">The policy parameters (validated).</param>
    /// <param name="scoringBackend">The dense scoring backend; null for <see cref="CpuSimdScoringBackend"/>.</param>
    /// <exception cref="BanditArgumentException">Field <c>dimension</c> or an option's name.</exception>
    public SurfaceModel(int dimension, DiagLinUcbOptions options, IScoringBackend? scoringBackend)
        : this(dimension, options, scoringBackend, SurfaceScoring.Cpu)
    {
    }

    /// <summary>Creates an empty model that scores large full-catalog rankings on a device where <paramref name="scoring"/> names one.</summary>
    /// <param name="dimension">The context dimension, 1 to <see cref="MaxDimension"/>.</param>
    /// <param name="options">The policy parameters (validated).</param>
    /// <param name="scoring">The device backend, its staleness bound and the catalog size from which it is used.</param>
    /// <remarks>
    /// The device keeps a copy of the published table; changed rows are uploaded in batches in the
    /// background, and a ranking flushes them itself when the oldest is older than
    /// <see cref="SurfaceScoring.MaxStaleness"/>. Sparse surfaces (dimension above
    /// <see cref="DenseDimensionLimit"/>) always score on the CPU. Call <see cref="ReleaseDeviceCopy"/>
    /// when the surface is deleted.
    /// </remarks>
    /// <exception cref="BanditArgumentException">Field <c>dimension</c> or an option's name.</exception>
    public SurfaceModel(int dimension, DiagLinUcbOptions options, SurfaceScoring scoring)
        : this(dimension, options, null, scoring)
    {
    }

    private SurfaceModel(int dimension, DiagLinUcbOptions options, IScoringBackend? scoringBackend, SurfaceScoring scoring)
    {
        if (dimension < 1 || dimension > MaxDimension)
        {
            ThrowHelper.Argument("dimension", $"dimension {dimension} is outside [1, {MaxDimension}].");
        }

        ArgumentNullException.ThrowIfNull(options);
        _options = options.Validate();
        _statistics = dimension <= DenseDimensionLimit
            ? new DenseStatisticsStore(dimension, options.Ridge)
            : new SparseStatisticsStore(dimension, options.Ridge);
        _backend = scoringBackend ?? CpuSimdScoringBackend.Instance;
        ArgumentNullException.ThrowIfNull(scoring);
        _scoring = scoring;
    }

    /// <summary>The context dimension.</summary>
    public int Dimension => _statistics.Dimension;

    /// <summary>True when items are stored sparsely (<see cref="Dimension"/> above <see cref="DenseDimensionLimit"/>).</summary>
    public bool IsSparse => Dimension > DenseDimensionLimit;

    /// <summary>The name of the scoring backend in use.</summary>
    public string ScoringBackendName => _backend.Name;

    /// <summary>How this model scores (CPU only, or a device for large catalogs).</summary>
    public SurfaceScoring Scoring => _scoring;

    /// <summary>True while a device copy of the table exists (created by the first ranking that uses the device).</summary>
    public bool HasDeviceCopy => Volatile.Read(ref _resident) is not null;

    /// <summary>
    /// Frees the device copy of the table for good, when this model is replaced or its surface deleted. Rankings still
    /// holding the model, and any later one, score on the CPU: a retired model never creates a device copy again.
    /// </summary>
    public void ReleaseDeviceCopy()
    {
        lock (_writer)
        {
            _deviceRetired = true;
            ResidentTableSync? resident = _resident;
            Volatile.Write(ref _resident, null);
            resident?.Dispose();
        }
    }

    /// <summary>The policy parameters; setting validates them and swaps them atomically.</summary>
    /// <remarks>Changing <see cref="DiagLinUcbOptions.Ridge"/> changes every item's prior and republishes all rows (O(items × dimension) on the writer).</remarks>
    /// <exception cref="BanditArgumentException">An option is out of range.</exception>
    public DiagLinUcbOptions Options
    {
        get => Volatile.Read(ref _options);
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            value.Validate();
            lock (_writer)
            {
                double ridge = _statistics.Ridge;
                _statistics.ChangeRidge(value.Ridge);
                if (ridge != value.Ridge)
                {
                    _resident?.MarkAllChanged(_catalog.Count);
                }

                Volatile.Write(ref _options, value);
                Interlocked.Increment(ref _version);
            }
        }
    }

    /// <summary>Bumps on every applied update, item change and options change.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>All items ever added, active or not.</summary>
    public int ItemCount => _catalog.Count;

    /// <summary>The items rankings may place.</summary>
    public int ActiveItemCount => _catalog.ActiveCount;

    /// <summary>Adds an item at the prior, or (re)activates or deactivates an existing one.</summary>
    /// <param name="itemId">1–128 characters of <c>[A-Za-z0-9._:-]</c>.</param>
    /// <param name="active">Whether rankings may place it.</param>
    /// <returns>True when the item was created.</returns>
    /// <exception cref="BanditArgumentException">Field <c>itemId</c>.</exception>
    public bool UpsertItem(string itemId, bool active = true)
    {
        CheckItemId(itemId, "itemId");
        lock (_writer)
        {
            return UpsertLocked(itemId, active) >= 0;
        }
    }

    /// <summary>Deactivates an item; its statistics are kept (for offline evaluation and reactivation).</summary>
    /// <param name="itemId">The item.</param>
    /// <returns>False when the item is unknown.</returns>
    public bool DeactivateItem(string itemId)
    {
        ArgumentNullException.ThrowIfNull(itemId);
        lock (_writer)
        {
            if (!_catalog.TryGetIndex(itemId, out int index))
            {
                return false;
            }

            if (_catalog.SetActive(index, false))
            {
                _resident?.MarkChanged(index);
                Interlocked.Increment(ref _version);
            }

            return true;
        }
    }

    /// <summary>True when the item was ever added (active or not).</summary>
    /// <param name="itemId">The item.</param>
    /// <returns>Whether it exists.</returns>
    public bool ContainsItem(string itemId) => itemId is not null && _catalog.TryGetIndex(itemId, out _);

    /// <summary>True when the item exists and is active.</summary>
    /// <param name="itemId">The item.</param>
    /// <returns>Whether rankings may place it.</returns>
    public bool IsActive(string itemId) => itemId is not null && _catalog.TryGetIndex(itemId, out int index) && _catalog.IsActiveAt(index);

    /// <summary>The item ids in the order they were added.</summary>
    /// <param name="activeOnly">True to list only active items.</param>
    /// <returns>A new list.</returns>
    public IReadOnlyList<string> ItemIds(bool activeOnly)
    {
        int count = _catalog.Count;
        var ids = new List<string>(activeOnly ? Math.Min(count, _catalog.ActiveCount) : count);
        for (int index = 0; index < count; index++)
        {
            if (!activeOnly || _catalog.IsActiveAt(index))
            {
                ids.Add(_catalog.IdAt(index));
            }
        }

        return ids;
    }

    /// <summary>The counters and statistics of one item.</summary>
    /// <param name="itemId">The item.</param>
    /// <returns>Null when the item is unknown.</returns>
    public ItemState? GetItem(string itemId)
    {
        ArgumentNullException.ThrowIfNull(itemId);
        lock (_writer)
        {
            if (!_catalog.TryGetIndex(itemId, out int index))
            {
                return null;
            }

            (long impressions, long rewardsApplied, double rewardSum, long lastShownTicks) = _catalog.CountersAt(index);
            ItemCoordinates coordinates = _statistics.ReadCoordinates(index);
            double ridge = _statistics.Ridge;
            double[]? theta = null;
            double[]? precision = null;
            SparseCoordinates? sparse = null;
            if (IsSparse)
            {
                var sparseTheta = new double[coordinates.Indices.Length];
                var sparsePrecision = new double[coordinates.Indices.Length];
                for (int k = 0; k < sparseTheta.Length; k++)
                {
                    sparsePrecision[k] = ridge + coordinates.SumSquares[k];
                    sparseTheta[k] = coordinates.SumRewards[k] / sparsePrecision[k];
                }

                sparse = new SparseCoordinates(coordinates.Indices, sparseTheta, sparsePrecision);
            }
            else
            {
                theta = new double[Dimension];
                precision = new double[Dimension];
                Array.Fill(precision, ridge);
                for (int k = 0; k < coordinates.Indices.Length; k++)
                {
                    int c = coordinates.Indices[k];
                    precision[c] = ridge + coordinates.SumSquares[k];
                    theta[c] = coordinates.SumRewards[k] / precision[c];
                }
            }

            return new ItemState(
                itemId,
                _catalog.IsActiveAt(index),
                impressions,
                rewardsApplied,
                rewardsApplied == 0 ? 0 : rewardSum / rewardsApplied,
                lastShownTicks == 0 ? null : new DateTimeOffset(lastShownTicks, TimeSpan.Zero),
                theta,
                precision,
                sparse);
        }
    }

    /// <summary>Writer lock held. Returns the new index, or −1 when the item existed (its activity is set).</summary>
    private int UpsertLocked(string itemId, bool active)
    {
        if (_catalog.TryGetIndex(itemId, out int existing))
        {
            if (_catalog.SetActive(existing, active))
            {
                _resident?.MarkChanged(existing);
                Interlocked.Increment(ref _version);
            }

            return -1;
        }

        // The statistics row exists before the catalog makes the index reachable to readers.
        int index = _catalog.Count;
        _statistics.AddRow(index);
        _catalog.Add(itemId, active);
        _resident?.MarkChanged(index);
        Interlocked.Increment(ref _version);
        return index;
    }

    private static void CheckItemId(string itemId, string field)
    {
        if (string.IsNullOrEmpty(itemId) || itemId.Length > 128)
        {
            ThrowHelper.Argument(field, $"{field} must be 1 to 128 characters.");
        }

        foreach (char c in itemId)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '-'))
            {
                ThrowHelper.Argument(field, $"{field} may only contain A-Z, a-z, 0-9, '.', '_', ':' and '-'.");
            }
        }
    }
}
