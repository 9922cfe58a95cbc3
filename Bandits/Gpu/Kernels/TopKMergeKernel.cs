using ILGPU;

namespace BanditServe.Bandits.Gpu.Kernels;

/// <summary>
/// Second stage of top-K on the device: one thread per context merges its slices' lists into the
/// best k, and flags when a row left out may tie the k-th score (then the host, which knows item
/// ids, breaks the tie itself).
/// </summary>
/// <remarks>
/// A tie can hide in two places: a slice list entry that tied the k-th score but lost on row
/// number, or a row a slice dropped whose score equals the k-th (the slice reports its best
/// dropped score; every dropped score is at most the k-th, since the slice kept k rows above it).
/// </remarks>
internal static class TopKMergeKernel
{
    public static void Execute(
        Index1D context,
        ArrayView<float> sliceScores,
        ArrayView<int> sliceRows,
        ArrayView<int> sliceCounts,
        ArrayView<float> sliceDropped,
        ArrayView<float> topScores,
        ArrayView<int> topRows,
        ArrayView<int> topCounts,
        ArrayView<int> tiesBeyond,
        SelectShape shape)
    {
        int k = shape.K;
        ArrayView<float> bestScores = LocalMemory.Allocate1D<float>(TopKOrder.MaxSelect);
        ArrayView<int> bestRows = LocalMemory.Allocate1D<int>(TopKOrder.MaxSelect);
        int count = 0;
        int firstSlice = context * shape.Slices;
        for (int s = 0; s < shape.Slices; s++)
        {
            int slice = firstSlice + s;
            int listed = sliceCounts[slice];
            for (int t = 0; t < listed; t++)
            {
                float score = sliceScores[((long)slice * k) + t];
                int row = sliceRows[((long)slice * k) + t];
                if (count == k && !TopKOrder.Outranks(score, row, bestScores[k - 1], bestRows[k - 1]))
                {
                    // Lists are sorted: the rest of this slice cannot enter either.
                    break;
                }

                int at = count < k ? count : k - 1;
                if (count < k)
                {
                    count++;
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
        }

        int tie = 0;
        if (count == k)
        {
            float last = bestScores[k - 1];
            int lastRow = bestRows[k - 1];
            for (int s = 0; s < shape.Slices; s++)
            {
                int slice = firstSlice + s;
                int listed = sliceCounts[slice];
                if (sliceDropped[slice] == last)
                {
                    tie = 1;
                }

                for (int t = 0; t < listed; t++)
                {
                    if (sliceScores[((long)slice * k) + t] == last && sliceRows[((long)slice * k) + t] > lastRow)
                    {
                        tie = 1;
                    }
                }
            }
        }

        long outStart = (long)context.X * k;
        for (int t = 0; t < count; t++)
        {
            topScores[outStart + t] = bestScores[t];
            topRows[outStart + t] = bestRows[t];
        }

        topCounts[context] = count;
        tiesBeyond[context] = tie;
    }
}
