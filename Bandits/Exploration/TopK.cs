namespace BanditServe.Bandits.Exploration;

/// <summary>
/// The best K candidate positions in O(n log K): a heap of the K best so far whose root is the worst
/// of them, so most candidates are rejected with one comparison.
/// </summary>
internal static class TopK
{
    /// <summary>Selects from positions [start, end); returns how many were kept (≤ heap length), best first.</summary>
    public static int SelectRange(in CandidateOrder order, int start, int end, Span<int> heap)
    {
        int count = 0;
        int position = start;
        for (; position < end && count < heap.Length; position++)
        {
            heap[count] = position;
            SiftUp(order, heap, count++);
        }

        if (count > 0 && position < end)
        {
            // Most candidates lose to the root: compare against its score and id key held in registers
            // rather than reloading them per candidate (under ties every candidate reaches the key).
            CandidateOrder.Bar bar = order.BarOf(heap[0]);
            while ((position = order.FirstClearing(position, end, bar)) < end)
            {
                heap[0] = position++;
                SiftDown(order, heap, 0, count);
                bar = order.BarOf(heap[0]);
            }
        }

        SortBestFirst(order, heap[..count]);
        return count;
    }

    /// <summary>Selects from the listed positions; returns how many were kept, best first.</summary>
    public static int SelectFrom(in CandidateOrder order, ReadOnlySpan<int> positions, Span<int> heap)
    {
        int count = 0;
        foreach (int position in positions)
        {
            Offer(order, position, heap, ref count);
        }

        SortBestFirst(order, heap[..count]);
        return count;
    }

    private static void Offer(in CandidateOrder order, int position, Span<int> heap, ref int count)
    {
        if (count < heap.Length)
        {
            heap[count] = position;
            SiftUp(order, heap, count++);
        }
        else if (heap.Length > 0 && order.Outranks(position, heap[0]))
        {
            heap[0] = position;
            SiftDown(order, heap, 0, heap.Length);
        }
    }

    private static void SiftUp(in CandidateOrder order, Span<int> heap, int at)
    {
        while (at > 0)
        {
            int parent = (at - 1) / 2;
            if (!order.Outranks(heap[parent], heap[at]))
            {
                return;
            }

            (heap[parent], heap[at]) = (heap[at], heap[parent]);
            at = parent;
        }
    }

    private static void SiftDown(in CandidateOrder order, Span<int> heap, int at, int count)
    {
        while (true)
        {
            int worst = at;
            int left = (2 * at) + 1;
            int right = left + 1;
            if (left < count && order.Outranks(heap[worst], heap[left]))
            {
                worst = left;
            }

            if (right < count && order.Outranks(heap[worst], heap[right]))
            {
                worst = right;
            }

            if (worst == at)
            {
                return;
            }

            (heap[worst], heap[at]) = (heap[at], heap[worst]);
            at = worst;
        }
    }

    private static void SortBestFirst(in CandidateOrder order, Span<int> heap)
    {
        // Heap sort: moving the worst to the end each time leaves the best at index 0.
        for (int end = heap.Length - 1; end > 0; end--)
        {
            (heap[0], heap[end]) = (heap[end], heap[0]);
            SiftDown(order, heap, 0, end);
        }
    }
}
