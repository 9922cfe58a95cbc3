using System.Diagnostics;
using BanditServe.LoadTests.Recording;
using BanditServe.LoadTests.Running;

namespace BanditServe.LoadTests.Scenarios;

/// <summary>
/// Rank, then post rewards over HTTP for a share of the shown items with values from the click
/// model. The rank is the primary request (timed from its intended send); each reward is recorded
/// as kind <c>reward</c>, timed from its own send.
/// </summary>
public sealed class RankRewardOperation(BanditServeClient client, RankBodies bodies, ClickModel clicks) : ILoadOperation
{
    public const string RewardKind = "reward";

    public string Kind => RankOperation.KindName;

    public async ValueTask<OperationResult> ExecuteAsync(long sequence, LoadRecorder recorder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recorder);
        var (outcome, body) = await client.SendAsync(HttpMethod.Post, client.RankPath, bodies.For(sequence), admin: false, readBody: true, cancellationToken);
        var rankCompleted = Stopwatch.GetTimestamp();
        if (!outcome.IsSuccess || body is null)
        {
            return new OperationResult(RankOperation.KindName, outcome, rankCompleted);
        }

        var (eventId, items) = RankResponseReader.Read(body);
        if (eventId is null)
        {
            return new OperationResult(RankOperation.KindName, OperationOutcome.Failed("unreadable-rank-response"), rankCompleted);
        }

        var settings = client.Settings;
        for (var slot = 0; slot < items.Count; slot++)
        {
            if (Uniform.Next(settings.Seed, sequence, 100 + slot) >= settings.RewardShare)
            {
                continue;
            }

            var clicked = Uniform.Next(settings.Seed, sequence, 200 + slot) < clicks.ClickProbability(items[slot], slot);
            var reward = BanditServeClient.RewardBody(eventId, items[slot], clicked ? 1.0 : 0.0, DateTimeOffset.UtcNow);
            var sent = Stopwatch.GetTimestamp();
            OperationOutcome rewardOutcome;
            try
            {
                (rewardOutcome, _) = await client.SendAsync(HttpMethod.Post, "/v1/rewards", reward, admin: false, readBody: false, cancellationToken);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                rewardOutcome = OperationOutcome.Failed(FailureNames.Of(exception));
            }

            recorder.Record(RewardKind, sent, Stopwatch.GetTimestamp(), rewardOutcome);
        }

        return new OperationResult(RankOperation.KindName, outcome, rankCompleted);
    }
}
