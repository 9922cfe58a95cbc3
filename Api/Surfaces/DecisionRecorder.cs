using BanditServe.Api.Contracts;
using BanditServe.Bandits;
using BanditServe.Storage;
using BanditServe.Streaming.Messages;
using BanditServe.Streaming.Publishing;

namespace BanditServe.Api.Surfaces;

/// <summary>
/// Hands each decision to Kafka (<c>banditserve.decisions</c>, where every replica's reward join
/// reads it) and to the decision log in storage. Both are buffered and asynchronous: rank never waits.
/// </summary>
public sealed class DecisionRecorder(DecisionPublisher publisher, DecisionLogWriter decisionLog)
{
    /// <summary>Contexts up to this dimension travel as dense vectors (API.md); larger ones as sparse.</summary>
    public const int DenseFeatureLimit = 4096;

    public void Record(SurfaceRuntime runtime, string eventId, DateTimeOffset at, string? userId, FeatureVector? context,
        IReadOnlyList<RankedItemResponse> items, long modelVersion, long? period = null)
    {
        var settings = runtime.Settings;
        float[]? dense = null;
        int[]? indices = null;
        float[]? values = null;
        if (context is { } x)
        {
            if (!x.IsSparse || x.Dimension <= DenseFeatureLimit)
            {
                dense = x.ToDense();
            }
            else
            {
                indices = x.Indices.ToArray();
                values = x.Values.ToArray();
            }
        }

        var messageItems = new Streaming.Messages.DecisionItem[items.Count];
        var recordItems = new Storage.DecisionItem[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            messageItems[i] = new Streaming.Messages.DecisionItem { ItemId = item.ItemId, Slot = item.Slot, Score = item.Score, Propensity = item.Propensity };
            recordItems[i] = new Storage.DecisionItem(item.ItemId, item.Slot, item.Score, item.Propensity);
        }

        publisher.Publish(new DecisionMessage
        {
            EventId = eventId,
            Surface = runtime.Id,
            At = at,
            Policy = settings.Policy,
            ModelVersion = modelVersion,
            Features = dense,
            SparseFeatures = indices is null ? null : new SparseFeatureVector { Indices = indices, Values = values! },
            UserId = userId,
            Items = messageItems,
            Period = period,
        });

        decisionLog.TryEnqueue(new DecisionRecord
        {
            EventId = eventId,
            Surface = runtime.Id,
            At = at,
            Policy = settings.Policy,
            ModelVersion = modelVersion,
            Features = dense,
            SparseFeatures = indices is null ? null : new Storage.SparseFeatures(indices, values!),
            UserId = userId,
            Items = recordItems,
        });
    }
}
