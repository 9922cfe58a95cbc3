using System.Buffers;

namespace BanditServe.Bandits.Scoring;

/// <summary>
/// One request's context prepared for scoring: its non-zero coordinates with their squares, and,
/// where the dense kernel is cheaper, the dense vector and its squares. Buffers are pooled; call
/// <see cref="Release"/> once scoring is done.
/// </summary>
internal readonly struct ScoringContext
{
    private readonly float[]? _dense;
    private readonly float[]? _denseSquared;
    private readonly int[] _indices;
    private readonly float[] _values;
    private readonly float[] _valuesSquared;

    private ScoringContext(float[]? dense, float[]? denseSquared, int[] indices, float[] values, float[] valuesSquared, int nonZero, int dimension)
    {
        _dense = dense;
        _denseSquared = denseSquared;
        _indices = indices;
        _values = values;
        _valuesSquared = valuesSquared;
        NonZero = nonZero;
        Dimension = dimension;
    }

    public int Dimension { get; }

    public int NonZero { get; }

    /// <summary>True when the dense kernel should be used (the dense buffers exist).</summary>
    public bool UseDense => _dense is not null;

    public ReadOnlySpan<float> Dense => _dense.AsSpan(0, _dense is null ? 0 : Dimension);

    public ReadOnlySpan<float> DenseSquared => _denseSquared.AsSpan(0, _denseSquared is null ? 0 : Dimension);

    public ReadOnlySpan<int> Indices => _indices.AsSpan(0, NonZero);

    public ReadOnlySpan<float> Values => _values.AsSpan(0, NonZero);

    public ReadOnlySpan<float> ValuesSquared => _valuesSquared.AsSpan(0, NonZero);

    /// <summary>Prepares <paramref name="context"/>; <paramref name="allowDense"/> is false for stores that only score sparse contexts.</summary>
    public static ScoringContext Create(in FeatureVector context, bool allowDense)
    {
        int nonZero = context.CountNonZero();
        int[] indices = ArrayPool<int>.Shared.Rent(Math.Max(1, nonZero));
        float[] values = ArrayPool<float>.Shared.Rent(Math.Max(1, nonZero));
        float[] valuesSquared = ArrayPool<float>.Shared.Rent(Math.Max(1, nonZero));
        context.CopyNonZero(indices, values);
        for (int k = 0; k < nonZero; k++)
        {
            valuesSquared[k] = values[k] * values[k];
        }

        float[]? dense = null;
        float[]? denseSquared = null;

        // A gather costs about four streamed elements per coordinate; past that, stream the row.
        if (allowDense && nonZero * 4 >= context.Dimension)
        {
            dense = ArrayPool<float>.Shared.Rent(context.Dimension);
            denseSquared = ArrayPool<float>.Shared.Rent(context.Dimension);
            Array.Clear(dense, 0, context.Dimension);
            Array.Clear(denseSquared, 0, context.Dimension);
            for (int k = 0; k < nonZero; k++)
            {
                dense[indices[k]] = values[k];
                denseSquared[indices[k]] = valuesSquared[k];
            }
        }

        return new ScoringContext(dense, denseSquared, indices, values, valuesSquared, nonZero, context.Dimension);
    }

    public void Release()
    {
        ArrayPool<int>.Shared.Return(_indices);
        ArrayPool<float>.Shared.Return(_values);
        ArrayPool<float>.Shared.Return(_valuesSquared);
        if (_dense is not null)
        {
            ArrayPool<float>.Shared.Return(_dense);
        }

        if (_denseSquared is not null)
        {
            ArrayPool<float>.Shared.Return(_denseSquared);
        }
    }
}
