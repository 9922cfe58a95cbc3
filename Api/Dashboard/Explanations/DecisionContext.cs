using BanditServe.Bandits;
using BanditServe.Storage;

namespace BanditServe.Api.Dashboard.Explanations;

/// <summary>
/// The context a decision was ranked for, as its non-zero coordinates in ascending index order: the
/// only coordinates that change a Diag-LinUCB score (ALGORITHMS.md 2.3), so an explanation can score
/// every candidate again without keeping a dense vector per decision.
/// </summary>
/// <param name="Dimension">The context dimension.</param>
/// <param name="Indices">The non-zero coordinates, ascending.</param>
/// <param name="Values">Their values.</param>
internal sealed record DecisionContext(int Dimension, int[] Indices, float[] Values)
{
    /// <summary>The logged context, or null when the decision has none or it does not fit the dimension.</summary>
    public static DecisionContext? From(DecisionRecord decision, int dimension)
    {
        if (decision.Features is { } dense)
        {
            return dense.Length == dimension ? NonZero(dimension, dense) : null;
        }

        if (decision.SparseFeatures is { } sparse)
        {
            if (sparse.Indices.Any(i => (uint)i >= (uint)dimension))
            {
                return null;
            }

            var indices = (int[])sparse.Indices.Clone();
            var values = (float[])sparse.Values.Clone();
            Array.Sort(indices, values);
            return NonZero(dimension, indices, values);
        }

        return null;
    }

    /// <summary>
    /// Writes <paramref name="context"/>'s non-zero coordinates (ascending) into the buffers, growing them when
    /// they are too small, and returns how many there are: the explanation ring keeps a context without
    /// allocating for it.
    /// </summary>
    public static int CopyNonZero(FeatureVector context, ref int[] indices, ref float[] values)
    {
        int needed = context.IsSparse ? context.Values.Length : context.DenseValues.Length;
        if (indices.Length < needed)
        {
            indices = new int[needed];
            values = new float[needed];
        }

        return context.IsSparse
            ? WriteNonZero(context.Indices, context.Values, indices, values)
            : WriteNonZero(context.DenseValues, indices, values);
    }

    private static DecisionContext NonZero(int dimension, ReadOnlySpan<float> dense)
    {
        var indices = new int[dense.Length];
        var values = new float[dense.Length];
        return Trimmed(dimension, indices, values, WriteNonZero(dense, indices, values));
    }

    /// <summary>Sparse input is already ascending (FeatureVector sorts it, the log reader sorts it); zeros are dropped.</summary>
    private static DecisionContext NonZero(int dimension, ReadOnlySpan<int> sparseIndices, ReadOnlySpan<float> sparseValues)
    {
        var indices = new int[sparseIndices.Length];
        var values = new float[sparseIndices.Length];
        return Trimmed(dimension, indices, values, WriteNonZero(sparseIndices, sparseValues, indices, values));
    }

    private static DecisionContext Trimmed(int dimension, int[] indices, float[] values, int count)
    {
        Array.Resize(ref indices, count);
        Array.Resize(ref values, count);
        return new DecisionContext(dimension, indices, values);
    }

    private static int WriteNonZero(ReadOnlySpan<float> dense, Span<int> indices, Span<float> values)
    {
        var written = 0;
        for (var c = 0; c < dense.Length; c++)
        {
            if (dense[c] != 0)
            {
                indices[written] = c;
                values[written++] = dense[c];
            }
        }

        return written;
    }

    private static int WriteNonZero(ReadOnlySpan<int> sparseIndices, ReadOnlySpan<float> sparseValues, Span<int> indices, Span<float> values)
    {
        var written = 0;
        for (var k = 0; k < sparseIndices.Length; k++)
        {
            if (sparseValues[k] != 0)
            {
                indices[written] = sparseIndices[k];
                values[written++] = sparseValues[k];
            }
        }

        return written;
    }
}
