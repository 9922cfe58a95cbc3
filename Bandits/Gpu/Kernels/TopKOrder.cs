namespace BanditServe.Bandits.Gpu.Kernels;

/// <summary>The device-side ranking order: score descending (NaN as −∞), then row ascending. Item ids are not on the device; the host breaks score ties by id.</summary>
internal static class TopKOrder
{
    /// <summary>The largest k the top-K kernels keep (their per-thread lists live in local memory of this size).</summary>
    public const int MaxSelect = 128;

    public static float Key(float score) => float.IsNaN(score) ? float.NegativeInfinity : score;

    public static bool Outranks(float scoreA, int rowA, float scoreB, int rowB) => scoreA > scoreB || (scoreA == scoreB && rowA < rowB);
}
