using System.Text;
using BanditServe.Streaming.Join;
using BanditServe.Streaming.Messages;
using BanditServe.Streaming.Observability;
using Confluent.Kafka;

namespace BanditServe.Streaming.Consuming;

/// <summary>Turning consumed messages into join inputs, examples and dead letters.</summary>
public sealed partial class StreamConsumerService
{
    /// <returns>False when the message must be held (its surface could not be looked up); nothing was done with it.</returns>
    private bool Handle(ConsumeResult<byte[], byte[]> result, DateTimeOffset timestamp, DeadLetterWriter deadLetters, CancellationToken stoppingToken)
    {
        byte[] value = result.Message.Value ?? [];
        string topic = result.Topic;
        if (topic == _options.DecisionsTopic)
        {
            StreamingMetrics.DecisionsConsumed.Inc();
            if (!_decisionDecoder.TryDecode(value, out var decision, out string? error))
            {
                deadLetters.Write(topic, result.Message.Key, value, DeadLetterReasons.Malformed, $"malformed decision: {error}");
                return true;
            }

            if (!KnownOrRefreshed(decision, stoppingToken))
            {
                return false;
            }

            _join.AddDecision(decision, _output, value);
        }
        else
        {
            StreamingMetrics.RewardsConsumed.Inc();
            if (!StreamMessageCodec.TryParseReward(value, out var reward, out string? error))
            {
                deadLetters.Write(topic, result.Message.Key, value, DeadLetterReasons.Malformed, $"malformed reward: {error}");
                return true;
            }

            _join.AddReward(reward, timestamp, _output, value);
        }

        Drain(deadLetters);
        return true;
    }

    private void AdvanceJoin(DateTimeOffset now, DeadLetterWriter deadLetters)
    {
        if (_watermarks.Watermark(now) is { } clock)
        {
            _join.AdvanceTo(clock, _output);
            Drain(deadLetters);
        }
    }

    private void Drain(DeadLetterWriter deadLetters)
    {
        foreach (var example in _output.Examples)
        {
            Learn(example, deadLetters);
        }

        foreach (var rejection in _output.Rejections)
        {
            string sourceTopic = rejection.Message == JoinMessageKind.Decision ? _options.DecisionsTopic : _options.RewardsTopic;
            deadLetters.Write(sourceTopic, Encoding.UTF8.GetBytes(rejection.EventId), rejection.OriginalValue ?? [], rejection.Reason, rejection.Detail);
        }

        if (_output.DuplicateRewards > 0)
        {
            StreamingMetrics.DuplicateRewards.Inc(_output.DuplicateRewards);
        }

        if (_output.DuplicateDecisions > 0)
        {
            StreamingMetrics.DuplicateDecisions.Inc(_output.DuplicateDecisions);
        }

        _output.Clear();
    }

    private void Learn(JoinedExample example, DeadLetterWriter deadLetters)
    {
        (example.IsDefaultReward ? StreamingMetrics.DefaultRewards : StreamingMetrics.RewardsJoined).Inc();
        string? refusal;
        try
        {
            var result = _sink.Apply(example);
            refusal = result.Applied ? null : result.RejectionReason ?? "refused by the learner";
        }
        catch (Exception exception)
        {
            // A learner bug must not stop learning from everything else; the example is kept in the DLQ.
            Log.LearningFailed(_logger, exception, example.EventId);
            refusal = $"the learner failed: {exception.Message}";
        }

        if (refusal is null)
        {
            StreamingMetrics.ExamplesApplied.Inc();
            return;
        }

        // The example is written as the reward it stands for (a default reward included), so it can be replayed.
        var reward = new RewardMessage { EventId = example.EventId, ItemId = example.ItemId, Reward = example.Reward, At = example.At };
        deadLetters.Write(_options.RewardsTopic, Encoding.UTF8.GetBytes(example.EventId), StreamMessageCodec.Serialize(reward),
            DeadLetterReasons.LearningRejected, $"learning rejected: {refusal}");
    }
}
