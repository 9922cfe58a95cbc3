using System.Diagnostics;
using BanditServe.Bandits;
using BanditServe.Streaming.Join;
using BanditServe.Streaming.Learning;

namespace BanditServe.LoadTests.StreamBench;

/// <summary>
/// Applies joined rewards to a real <see cref="SurfaceModel"/> (what rank reads) and notes when each became visible.
/// </summary>
internal sealed class SurfaceModelLearningSink : ILearningSink
{
    private readonly long[] _appliedAt;
    private SurfaceModel _model;
    private int _applied;

    public SurfaceModelLearningSink(int dimension, int rewardCount)
    {
        _model = new SurfaceModel(dimension, new DiagLinUcbOptions());
        for (var item = 0; item < BenchRewards.CatalogSize; item++)
        {
            _model.UpsertItem(BenchRewards.ItemId(item));
        }

        _appliedAt = new long[rewardCount];
    }

    public SurfaceModel Model => _model;

    /// <summary>Rewards applied so far.</summary>
    public int Applied => Volatile.Read(ref _applied);

    /// <summary>Stopwatch timestamp at which reward <c>r</c> was applied (0 = not yet).</summary>
    public ReadOnlySpan<long> AppliedAt => _appliedAt;

    public LearningResult Apply(JoinedExample example)
    {
        if (example.Features.Dense is not { } dense)
        {
            return LearningResult.Rejected("the bench surface is dense");
        }

        if (!_model.Apply(example.ItemId, FeatureVector.Dense(dense, _model.Dimension), example.Reward))
        {
            return LearningResult.Rejected("unknown item");
        }

        // The update is visible to rank once Apply returns: that is the moment measured.
        var index = BenchRewards.IndexOf(example.EventId, example.ItemId);
        if ((uint)index < (uint)_appliedAt.Length)
        {
            _appliedAt[index] = Stopwatch.GetTimestamp();
        }

        Interlocked.Increment(ref _applied);
        return LearningResult.Success;
    }

    public byte[] CaptureState() => _model.ToBytes();

    public void RestoreState(byte[] state) => _model = SurfaceModel.FromBytes(state);
}
