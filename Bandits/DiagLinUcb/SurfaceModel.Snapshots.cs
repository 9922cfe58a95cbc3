using System.Buffers;
using BanditServe.Bandits.Scoring;
using BanditServe.Bandits.Statistics;

namespace BanditServe.Bandits;

public sealed partial class SurfaceModel
{
    /// <summary>A consistent copy of the whole model as plain data (taken under the writer lock; rankings continue).</summary>
    /// <returns>The snapshot.</returns>
    public SurfaceModelSnapshot Export()
    {
        lock (_writer)
        {
            int count = _catalog.Count;
            var items = new ItemSnapshot[count];
            for (int index = 0; index < count; index++)
            {
                (long impressions, long rewardsApplied, double rewardSum, long lastShownTicks) = _catalog.CountersAt(index);
                ItemCoordinates coordinates = _statistics.ReadCoordinates(index);
                items[index] = new ItemSnapshot(
                    _catalog.IdAt(index),
                    _catalog.IsActiveAt(index),
                    impressions,
                    rewardsApplied,
                    rewardSum,
                    lastShownTicks == 0 ? null : new DateTimeOffset(lastShownTicks, TimeSpan.Zero),
                    coordinates.Indices,
                    coordinates.SumSquares,
                    coordinates.SumRewards);
            }

            return new SurfaceModelSnapshot(Dimension, _options, Version, items);
        }
    }

    /// <summary>Builds a model from a snapshot, validating all of it first.</summary>
    /// <param name="snapshot">The snapshot (e.g. from <see cref="Export"/> or an offline warm start).</param>
    /// <returns>A new model at the snapshot's version.</returns>
    /// <exception cref="BanditArgumentException">
    /// A field is invalid, named like <c>items[3].indices[2]</c>: non-finite numbers, negative
    /// <c>sumSquares</c> (precision below ridge), indices not ascending or out of range, duplicate ids.
    /// </exception>
    public static SurfaceModel Import(SurfaceModelSnapshot snapshot) => Import(snapshot, SurfaceScoring.Cpu);

    /// <summary>Builds a model from a snapshot, validating all of it first, scored as <paramref name="scoring"/> says.</summary>
    /// <param name="snapshot">The snapshot (e.g. from <see cref="Export"/> or an offline warm start).</param>
    /// <param name="scoring">How the new model scores (see <see cref="SurfaceModel(int, DiagLinUcbOptions, SurfaceScoring)"/>).</param>
    /// <returns>A new model at the snapshot's version.</returns>
    /// <exception cref="BanditArgumentException">A field is invalid (see <see cref="Import(SurfaceModelSnapshot)"/>).</exception>
    public static SurfaceModel Import(SurfaceModelSnapshot snapshot, SurfaceScoring scoring)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.Options is null)
        {
            ThrowHelper.Argument("options", "options are required.");
        }

        if (snapshot.Items is null)
        {
            ThrowHelper.Argument("items", "items are required.");
        }

        if (snapshot.ModelVersion < 0)
        {
            ThrowHelper.Argument("modelVersion", "modelVersion must be ≥ 0.");
        }

        var model = new SurfaceModel(snapshot.Dimension, snapshot.Options, scoring ?? SurfaceScoring.Cpu);
        lock (model._writer)
        {
            for (int i = 0; i < snapshot.Items.Count; i++)
            {
                ItemSnapshot item = snapshot.Items[i];
                string field = $"items[{i}]";
                if (item is null)
                {
                    ThrowHelper.Argument(field, $"{field} is null.");
                }

                CheckItemId(item.ItemId, field + ".itemId");
                CheckItemSnapshot(item, field, snapshot.Dimension, snapshot.Options.Ridge);
                int index = model.UpsertLocked(item.ItemId, item.Active);
                if (index < 0)
                {
                    ThrowHelper.Argument(field + ".itemId", $"{field}.itemId '{item.ItemId}' repeats an earlier item.");
                }

                model._statistics.LoadRow(index, item.Indices, item.SumSquares, item.SumRewards);
                model._catalog.SetCounters(index, item.Impressions, item.RewardsApplied, item.RewardSum, item.LastShownAt?.UtcTicks ?? 0);
            }

            model._version = snapshot.ModelVersion;
        }

        return model;
    }

    /// <summary>A compact, versioned binary checkpoint of the model (see <see cref="FromBytes(ReadOnlySpan{byte})"/>); doubles round-trip bit-exact.</summary>
    /// <returns>The encoded model.</returns>
    public byte[] ToBytes()
    {
        lock (_writer)
        {
            // Measured once, then written into one array: through Export and a growing stream a 10k × d32 model (7 MB)
            // cost three arrays per item and several fresh copies of the whole, on the consumer thread at every checkpoint.
            int count = _catalog.Count;
            long length = SurfaceModelBinaryFormat.HeaderLength;
            int widest = 0;
            // Ranks mark items shown without the writer lock: an item unshown when measured is written as unshown.
            bool[] shown = ArrayPool<bool>.Shared.Rent(count);
            try
            {
                for (int index = 0; index < count; index++)
                {
                    int coordinates = _statistics.CoordinateCount(index);
                    widest = Math.Max(widest, coordinates);
                    shown[index] = _catalog.CountersAt(index).LastShownTicks != 0;
                    length += SurfaceModelBinaryFormat.ItemLength(_catalog.IdAt(index), shown[index], coordinates);
                }

                byte[] bytes = GC.AllocateUninitializedArray<byte>(checked((int)length));
                int at = SurfaceModelBinaryFormat.WriteHeader(bytes, Dimension, _options, Version, count);
                int[] indices = ArrayPool<int>.Shared.Rent(widest);
                double[] sumSquares = ArrayPool<double>.Shared.Rent(widest);
                double[] sumRewards = ArrayPool<double>.Shared.Rent(widest);
                try
                {
                    for (int index = 0; index < count; index++)
                    {
                        int coordinates = _statistics.CopyCoordinates(index, indices, sumSquares, sumRewards);
                        (long impressions, long rewardsApplied, double rewardSum, long lastShownTicks) = _catalog.CountersAt(index);
                        at += SurfaceModelBinaryFormat.WriteItem(
                            bytes.AsSpan(at), _catalog.IdAt(index), _catalog.IsActiveAt(index), impressions, rewardsApplied, rewardSum,
                            shown[index] ? lastShownTicks : null,
                            indices.AsSpan(0, coordinates), sumSquares.AsSpan(0, coordinates), sumRewards.AsSpan(0, coordinates));
                    }
                }
                finally
                {
                    ArrayPool<int>.Shared.Return(indices);
                    ArrayPool<double>.Shared.Return(sumSquares);
                    ArrayPool<double>.Shared.Return(sumRewards);
                }

                return bytes;
            }
            finally
            {
                ArrayPool<bool>.Shared.Return(shown);
            }
        }
    }

    /// <summary>Decodes a checkpoint written by <see cref="ToBytes"/> and validates it as <see cref="Import(SurfaceModelSnapshot)"/> does.</summary>
    /// <param name="bytes">The checkpoint.</param>
    /// <returns>A new model.</returns>
    /// <exception cref="InvalidDataException">The bytes are not a checkpoint, truncated, or of an unknown format version.</exception>
    /// <exception cref="BanditArgumentException">The checkpoint decodes but holds invalid values.</exception>
    public static SurfaceModel FromBytes(ReadOnlySpan<byte> bytes) => Import(SurfaceModelBinaryFormat.Read(bytes));

    /// <summary>Reads a model written by <see cref="ToBytes"/>, scoring on the given backends.</summary>
    /// <param name="bytes">The bytes.</param>
    /// <param name="scoring">Where the model is scored (CPU, or a device copy for large catalogs).</param>
    /// <returns>The model.</returns>
    /// <exception cref="InvalidDataException">The bytes are corrupt, truncated or of an unknown format version.</exception>
    public static SurfaceModel FromBytes(ReadOnlySpan<byte> bytes, SurfaceScoring scoring) => Import(SurfaceModelBinaryFormat.Read(bytes), scoring);

    private static void CheckItemSnapshot(ItemSnapshot item, string field, int dimension, double ridge)
    {
        if (item.Impressions < 0 || item.RewardsApplied < 0)
        {
            ThrowHelper.Argument(field, $"{field} has negative counters.");
        }

        if (!double.IsFinite(item.RewardSum))
        {
            ThrowHelper.Argument(field + ".rewardSum", $"{field}.rewardSum is not finite.");
        }

        if (item.Indices is null || item.SumSquares is null || item.SumRewards is null
            || item.SumSquares.Length != item.Indices.Length || item.SumRewards.Length != item.Indices.Length)
        {
            ThrowHelper.Argument(field + ".indices", $"{field} needs indices, sumSquares and sumRewards of equal length.");
        }

        for (int k = 0; k < item.Indices.Length; k++)
        {
            int c = item.Indices[k];
            if ((uint)c >= (uint)dimension || (k > 0 && c <= item.Indices[k - 1]))
            {
                ThrowHelper.Argument($"{field}.indices[{k}]", $"{field}.indices[{k}] must be ascending, unique and in [0, {dimension}).");
            }

            double sumSquares = item.SumSquares[k];
            double sumRewards = item.SumRewards[k];
            if (!double.IsFinite(sumSquares) || sumSquares < 0 || !double.IsFinite(ridge + sumSquares))
            {
                ThrowHelper.Argument($"{field}.sumSquares[{k}]", $"{field}.sumSquares[{k}] must be finite and ≥ 0 (precision ≥ ridge).");
            }

            if (!double.IsFinite(sumRewards) || !float.IsFinite((float)(sumRewards / (ridge + sumSquares))))
            {
                ThrowHelper.Argument($"{field}.sumRewards[{k}]", $"{field}.sumRewards[{k}] must be finite with a finite theta.");
            }
        }
    }
}
