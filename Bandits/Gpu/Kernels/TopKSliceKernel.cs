using ILGPU;

namespace BanditServe.Bandits.Gpu.Kernels;

/// <summary>
/// First stage of top-K on the device: thread <c>b·Slices + s</c> walks context b's scores of rows
/// s, s + Slices, s + 2·Slices, … (adjacent threads read adjacent rows) and keeps the best k active
/// rows in a sorted list in local memory; most rows are rejected with one comparison. It also
/// reports the best score it left out, so the merge can tell whether a dropped row ties the cut.
/// </summary>
internal static class TopKSliceKernel
{
    public static void Execute(
        Index1D index,
        ArrayView<float> scores,
        ArrayView<byte> active,
        ArrayView<float> sliceScores,
        ArrayView<int> sliceRows,
        ArrayView<int> sliceCounts,
        ArrayView<float> sliceDropped,
        SelectShape shape)
    {
        int context = index / shape.Slices;
        int slice = index % shape.Slices;
        int k = shape.K;
        ArrayView<float> bestScores = LocalMemory.Allocate1D<float>(TopKOrder.MaxSelect);
        ArrayView<int> bestRows = LocalMemory.Allocate1D<int>(TopKOrder.MaxSelect);
        long contextStart = (long)context * shape.RowCount;
        int count = 0;

        // The best score among rows this slice left out; NaN while none (keys are never NaN).
        float dropped = float.NaN;
        for (int row = slice; row < shape.RowCount; row += shape.Slices)
        {
            if (active[row] == 0)
            {
                continue;
            }

            float score = TopKOrder.Key(scores[contextStart + row]);
            if (count == k && !TopKOrder.Outranks(score, row, bestScores[k - 1], bestRows[k - 1]))
            {
                dropped = float.IsNaN(dropped) || score > dropped ? score : dropped;
                continue;
            }

            int at = count < k ? count : k - 1;
            if (count < k)
            {
                count++;
            }
            else
            {
                float evicted = bestScores[k - 1];
                dropped = float.IsNaN(dropped) || evicted > dropped ? evicted : dropped;
            }

            while (at > 0 && TopKOrder.Outranks(score, row, bestScores[at - 1], bestRows[at - 1]))
            {
                bestScores[at] = bestScores[at - 1];
                bestRows[at] = bestRows[at - 1];
                at--;
            }

            bestScores[at] = score;
            bestRows[at] = row;
        }

        long outStart = (long)index.X * k;
        for (int t = 0; t < count; t++)
        {
            sliceScores[outStart + t] = bestScores[t];
            sliceRows[outStart + t] = bestRows[t];
        }

        sliceCounts[index] = count;
        sliceDropped[index] = dropped;
    }
}
