using BanditServe.LoadTests.Recording;
using BanditServe.LoadTests.Running;

namespace BanditServe.LoadTests.Scenarios;

/// <summary>Picks one of several operations per arrival by weight (deterministic given the seed and sequence).</summary>
public sealed class MixedOperation : ILoadOperation
{
    private readonly ILoadOperation[] _operations;
    private readonly double[] _cumulative;
    private readonly int _seed;

    public MixedOperation(IReadOnlyList<(ILoadOperation Operation, double Weight)> weighted, int seed)
    {
        ArgumentNullException.ThrowIfNull(weighted);
        var kept = weighted.Where(pair => pair.Weight > 0).ToArray();
        if (kept.Length == 0)
        {
            throw new ArgumentException("the mix needs at least one operation with a positive weight", nameof(weighted));
        }

        var total = kept.Sum(pair => pair.Weight);
        _operations = [.. kept.Select(pair => pair.Operation)];
        _cumulative = new double[kept.Length];
        var sum = 0.0;
        for (var i = 0; i < kept.Length; i++)
        {
            sum += kept[i].Weight / total;
            _cumulative[i] = sum;
        }

        _cumulative[^1] = 1.0;
        _seed = seed;
    }

    public string Kind => _operations[0].Kind;

    public ValueTask<OperationResult> ExecuteAsync(long sequence, LoadRecorder recorder, CancellationToken cancellationToken)
    {
        var draw = Uniform.Next(_seed, sequence, 500);
        var index = 0;
        while (draw >= _cumulative[index])
        {
            index++;
        }

        return _operations[index].ExecuteAsync(sequence, recorder, cancellationToken);
    }
}
