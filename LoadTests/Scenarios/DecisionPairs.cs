using BanditServe.LoadTests.Recording;

namespace BanditServe.LoadTests.Scenarios;

/// <summary>
/// Real (eventId, itemId) pairs made by ranking over HTTP before a Kafka firehose, so the
/// firehose's rewards join decisions instead of being dead-lettered as unknown.
/// </summary>
public sealed class DecisionPairs
{
    private readonly (string EventId, string ItemId)[] _pairs;

    private DecisionPairs((string EventId, string ItemId)[] pairs) => _pairs = pairs;

    public int Count => _pairs.Length;

    public (string EventId, string ItemId) For(long sequence) => _pairs[sequence % _pairs.Length];

    public static async Task<DecisionPairs> PrimeAsync(BanditServeClient client, RankBodies bodies, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var pairs = new System.Collections.Concurrent.ConcurrentBag<(long Sequence, string EventId, string ItemId)>();
        await Parallel.ForAsync(0, client.Settings.PrimeDecisions, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (sequence, token) =>
        {
            var (outcome, body) = await client.SendAsync(HttpMethod.Post, client.RankPath, bodies.For(sequence), admin: false, readBody: true, token);
            if (!outcome.IsSuccess || body is null)
            {
                throw new InvalidOperationException($"priming decisions: rank answered {outcome.Key}");
            }

            var (eventId, items) = RankResponseReader.Read(body);
            foreach (var item in items)
            {
                pairs.Add((sequence, eventId!, item));
            }
        });
        return new DecisionPairs([.. pairs.OrderBy(pair => pair.Sequence).ThenBy(pair => pair.ItemId, StringComparer.Ordinal).Select(pair => (pair.EventId, pair.ItemId))]);
    }

    /// <summary>For tests and offline firehoses: pairs given directly.</summary>
    public static DecisionPairs Of(IEnumerable<(string EventId, string ItemId)> pairs) => new([.. pairs]);

    internal static OperationOutcome Acknowledged => OperationOutcome.FromStatus(200);
}
