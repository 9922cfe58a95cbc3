using System.Buffers;
using System.Text;

namespace BanditServe.Bandits;

/// <summary>
/// A validated context vector <c>x</c> of a surface's dimension: dense, or sparse with sorted,
/// unique indices. Every value is finite; construction is the boundary where bad input is refused.
/// </summary>
/// <remarks>
/// The factories copy their input, so the caller's buffers may be reused afterwards. Field names in
/// <see cref="BanditArgumentException.Field"/> follow the rank request of API.md
/// (<c>features</c>, <c>sparseFeatures</c>, <c>namedFeatures</c>).
/// </remarks>
public readonly struct FeatureVector
{
    private readonly float[]? _dense;
    private readonly int[]? _indices;
    private readonly float[]? _values;

    private FeatureVector(float[]? dense, int[]? indices, float[]? values, int dimension)
    {
        _dense = dense;
        _indices = indices;
        _values = values;
        Dimension = dimension;
    }

    /// <summary>The dimension of the space the vector lives in (0 for <c>default</c>, which every model refuses).</summary>
    public int Dimension { get; }

    /// <summary>True when the vector is stored as (index, value) pairs.</summary>
    public bool IsSparse => _dense is null;

    /// <summary>All <see cref="Dimension"/> values of a dense vector; empty for a sparse one.</summary>
    public ReadOnlySpan<float> DenseValues => _dense;

    /// <summary>The ascending, unique indices of a sparse vector; empty for a dense one.</summary>
    public ReadOnlySpan<int> Indices => _indices;

    /// <summary>The values matching <see cref="Indices"/>; empty for a dense one.</summary>
    public ReadOnlySpan<float> Values => _values;

    /// <summary>Builds a dense vector.</summary>
    /// <param name="values">Exactly <paramref name="dimension"/> finite numbers.</param>
    /// <param name="dimension">The surface dimension (1 to <see cref="SurfaceModel.MaxDimension"/>).</param>
    /// <exception cref="BanditArgumentException">Field <c>features</c> for a wrong length, <c>features[i]</c> for a non-finite value.</exception>
    public static FeatureVector Dense(ReadOnlySpan<float> values, int dimension)
    {
        CheckDimension(dimension);
        if (values.Length != dimension)
        {
            ThrowHelper.Argument("features", $"features has {values.Length} values; the surface dimension is {dimension}.");
        }

        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                ThrowHelper.Argument($"features[{i}]", $"features[{i}] is not a finite number.");
            }
        }

        return new FeatureVector(values.ToArray(), null, null, dimension);
    }

    /// <summary>Builds a dense vector from double-precision input, refusing values that do not fit a float.</summary>
    /// <param name="values">Exactly <paramref name="dimension"/> finite numbers.</param>
    /// <param name="dimension">The surface dimension.</param>
    /// <exception cref="BanditArgumentException">Field <c>features</c> or <c>features[i]</c>.</exception>
    public static FeatureVector Dense(ReadOnlySpan<double> values, int dimension)
    {
        CheckDimension(dimension);
        if (values.Length != dimension)
        {
            ThrowHelper.Argument("features", $"features has {values.Length} values; the surface dimension is {dimension}.");
        }

        var dense = new float[dimension];
        for (int i = 0; i < values.Length; i++)
        {
            dense[i] = ToFiniteFloat(values[i], $"features[{i}]");
        }

        return new FeatureVector(dense, null, null, dimension);
    }

    /// <summary>Builds a sparse vector; the pairs may come in any order.</summary>
    /// <param name="indices">Unique indices in <c>[0, dimension)</c>.</param>
    /// <param name="values">Finite values, as many as <paramref name="indices"/>.</param>
    /// <param name="dimension">The surface dimension.</param>
    /// <exception cref="BanditArgumentException">Field <c>sparseFeatures</c>, <c>sparseFeatures.indices[i]</c> or <c>sparseFeatures.values[i]</c>.</exception>
    public static FeatureVector Sparse(ReadOnlySpan<int> indices, ReadOnlySpan<float> values, int dimension)
    {
        CheckDimension(dimension);
        if (indices.Length != values.Length)
        {
            ThrowHelper.Argument("sparseFeatures", $"sparseFeatures has {indices.Length} indices but {values.Length} values.");
        }

        for (int i = 0; i < indices.Length; i++)
        {
            if ((uint)indices[i] >= (uint)dimension)
            {
                ThrowHelper.Argument($"sparseFeatures.indices[{i}]", $"sparseFeatures.indices[{i}] = {indices[i]} is outside [0, {dimension}).");
            }

            if (!float.IsFinite(values[i]))
            {
                ThrowHelper.Argument($"sparseFeatures.values[{i}]", $"sparseFeatures.values[{i}] is not a finite number.");
            }
        }

        int[] sortedIndices = indices.ToArray();
        float[] sortedValues = values.ToArray();
        Array.Sort(sortedIndices, sortedValues);
        for (int i = 1; i < sortedIndices.Length; i++)
        {
            if (sortedIndices[i] == sortedIndices[i - 1])
            {
                ThrowHelper.Argument("sparseFeatures.indices", $"sparseFeatures.indices repeats index {sortedIndices[i]}.");
            }
        }

        return new FeatureVector(null, sortedIndices, sortedValues, dimension);
    }

    /// <summary>Builds a sparse vector from double-precision input, refusing values that do not fit a float.</summary>
    /// <param name="indices">Unique indices in <c>[0, dimension)</c>.</param>
    /// <param name="values">Finite values, as many as <paramref name="indices"/>.</param>
    /// <param name="dimension">The surface dimension.</param>
    /// <exception cref="BanditArgumentException">Field <c>sparseFeatures</c>, <c>sparseFeatures.indices[i]</c> or <c>sparseFeatures.values[i]</c>.</exception>
    public static FeatureVector Sparse(ReadOnlySpan<int> indices, ReadOnlySpan<double> values, int dimension)
    {
        var narrowed = new float[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            narrowed[i] = ToFiniteFloat(values[i], $"sparseFeatures.values[{i}]");
        }

        return Sparse(indices, narrowed, dimension);
    }

    /// <summary>
    /// Hashes named features into the space: bucket = MurmurHash3 x86 32-bit of the UTF-8 name
    /// (seed 0) modulo <paramref name="dimension"/>, negated when bit 31 of the hash is set; values
    /// of names that land in the same bucket are summed.
    /// </summary>
    /// <param name="named">Feature names with finite values.</param>
    /// <param name="dimension">The surface dimension.</param>
    /// <returns>A sparse vector (buckets whose values sum to exactly zero are dropped).</returns>
    /// <exception cref="BanditArgumentException">Field <c>namedFeatures</c> or <c>namedFeatures.{name}</c>.</exception>
    public static FeatureVector Named(IEnumerable<KeyValuePair<string, double>> named, int dimension)
    {
        ArgumentNullException.ThrowIfNull(named);
        CheckDimension(dimension);
        var buckets = new Dictionary<int, double>();
        byte[]? rented = null;
        try
        {
            foreach ((string name, double value) in named)
            {
                if (string.IsNullOrEmpty(name))
                {
                    ThrowHelper.Argument("namedFeatures", "namedFeatures has an empty name.");
                }

                if (!double.IsFinite(value))
                {
                    ThrowHelper.Argument($"namedFeatures.{name}", $"namedFeatures.{name} is not a finite number.");
                }

                int byteCount = Encoding.UTF8.GetMaxByteCount(name.Length);
                if (rented is null || rented.Length < byteCount)
                {
                    if (rented is not null)
                    {
                        ArrayPool<byte>.Shared.Return(rented);
                    }

                    rented = ArrayPool<byte>.Shared.Rent(byteCount);
                }

                int length = Encoding.UTF8.GetBytes(name, rented);
                (int bucket, double sign) = Bucket(MurmurHash3.Hash32(rented.AsSpan(0, length)), dimension);
                buckets[bucket] = buckets.GetValueOrDefault(bucket) + (sign * value);
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        var indices = new List<int>(buckets.Count);
        var values = new List<float>(buckets.Count);
        foreach ((int bucket, double sum) in buckets)
        {
            if (sum != 0)
            {
                indices.Add(bucket);
                values.Add(ToFiniteFloat(sum, "namedFeatures"));
            }
        }

        return Sparse(indices.ToArray(), values.ToArray(), dimension);
    }

    /// <summary>The bucket and sign a feature-name hash maps to (API.md, rank: namedFeatures).</summary>
    /// <param name="hash">MurmurHash3 x86 32-bit of the UTF-8 name, seed 0.</param>
    /// <param name="dimension">The surface dimension.</param>
    /// <returns>The bucket <c>hash mod dimension</c> and the sign (−1 when bit 31 is set, else +1).</returns>
    public static (int Bucket, double Sign) Bucket(uint hash, int dimension)
    {
        CheckDimension(dimension);
        return ((int)(hash % (uint)dimension), (hash & 0x8000_0000u) != 0 ? -1.0 : 1.0);
    }

    /// <summary>The vector as a dense array of <see cref="Dimension"/> floats (only sensible for small dimensions).</summary>
    /// <returns>A new array.</returns>
    public float[] ToDense()
    {
        if (_dense is not null)
        {
            return (float[])_dense.Clone();
        }

        var dense = new float[Dimension];
        ReadOnlySpan<int> indices = Indices;
        ReadOnlySpan<float> values = Values;
        for (int i = 0; i < indices.Length; i++)
        {
            dense[indices[i]] = values[i];
        }

        return dense;
    }

    /// <summary>The number of non-zero coordinates: the only ones that change a score or a statistic.</summary>
    internal int CountNonZero()
    {
        int count = 0;
        foreach (float value in _dense is null ? Values : DenseValues)
        {
            if (value != 0)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Writes the non-zero coordinates, ascending by index, into the two spans (sized by <see cref="CountNonZero"/>).</summary>
    internal void CopyNonZero(Span<int> indices, Span<float> values)
    {
        int written = 0;
        if (_dense is not null)
        {
            for (int i = 0; i < _dense.Length; i++)
            {
                if (_dense[i] != 0)
                {
                    indices[written] = i;
                    values[written++] = _dense[i];
                }
            }

            return;
        }

        ReadOnlySpan<int> sourceIndices = Indices;
        ReadOnlySpan<float> sourceValues = Values;
        for (int i = 0; i < sourceIndices.Length; i++)
        {
            if (sourceValues[i] != 0)
            {
                indices[written] = sourceIndices[i];
                values[written++] = sourceValues[i];
            }
        }
    }

    private static void CheckDimension(int dimension)
    {
        if (dimension < 1 || dimension > SurfaceModel.MaxDimension)
        {
            ThrowHelper.Argument("dimension", $"dimension {dimension} is outside [1, {SurfaceModel.MaxDimension}].");
        }
    }

    private static float ToFiniteFloat(double value, string field)
    {
        float narrowed = (float)value;
        if (!float.IsFinite(narrowed))
        {
            ThrowHelper.Argument(field, $"{field} is not a finite number that fits a 32-bit float.");
        }

        return narrowed;
    }
}
