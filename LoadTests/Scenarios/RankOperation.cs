using BanditServe.LoadTests.Recording;
using BanditServe.LoadTests.Running;

namespace BanditServe.LoadTests.Scenarios;

/// <summary>One rank request with the next pre-serialized context.</summary>
public sealed class RankOperation(BanditServeClient client, RankBodies bodies) : ILoadOperation
{
    public const string KindName = "rank";

    public string Kind => KindName;

    public async ValueTask<OperationResult> ExecuteAsync(long sequence, LoadRecorder recorder, CancellationToken cancellationToken)
    {
        var (outcome, _) = await client.SendAsync(HttpMethod.Post, client.RankPath, bodies.For(sequence), admin: false, readBody: false, cancellationToken);
        return new OperationResult(KindName, outcome);
    }
}
