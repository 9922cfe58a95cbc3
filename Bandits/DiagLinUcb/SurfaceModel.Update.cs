using System.Buffers;

namespace BanditServe.Bandits;

public sealed partial class SurfaceModel
{
    /// <summary>
    /// Learns one example: with forgetting f, the item's excess statistics are multiplied by f, then
    /// <c>d_c += x_c²</c> and <c>b_c += x_c·r</c> for every non-zero coordinate (ALGORITHMS.md 2.3, 2.5).
    /// </summary>
    /// <param name="itemId">The item that was shown.</param>
    /// <param name="context">The context it was shown in (as logged with the decision).</param>
    /// <param name="reward">The reward, a finite number.</param>
    /// <returns>False when the item is unknown (nothing changes).</returns>
    /// <remarks>Both terms are applied together, exactly once, as section 2.4 requires. Inactive items still learn.</remarks>
    /// <exception cref="BanditArgumentException">
    /// Field <c>features</c> for a wrong dimension, <c>reward</c> for a non-finite reward or one that
    /// would make a statistic non-finite. The model is unchanged when this is thrown.
    /// </exception>
    public bool Apply(string itemId, FeatureVector context, double reward)
    {
        ArgumentNullException.ThrowIfNull(itemId);
        if (context.Dimension != Dimension)
        {
            ThrowHelper.Argument("features", $"the context has dimension {context.Dimension}; the surface has {Dimension}.");
        }

        if (!double.IsFinite(reward))
        {
            ThrowHelper.Argument("reward", "reward must be a finite number.");
        }

        int nonZero = context.CountNonZero();
        int[] indices = ArrayPool<int>.Shared.Rent(Math.Max(1, nonZero));
        float[] values = ArrayPool<float>.Shared.Rent(Math.Max(1, nonZero));
        try
        {
            context.CopyNonZero(indices, values);
            lock (_writer)
            {
                if (!_catalog.TryGetIndex(itemId, out int index))
                {
                    return false;
                }

                _statistics.Apply(index, indices.AsSpan(0, nonZero), values.AsSpan(0, nonZero), reward, _options.Forgetting);
                _catalog.RecordReward(index, reward);
                _resident?.MarkChanged(index);
                Interlocked.Increment(ref _version);
                return true;
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(indices);
            ArrayPool<float>.Shared.Return(values);
        }
    }
}
