using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace BanditServe.Streaming.Messages;

/// <summary>
/// Strict UTF-8 JSON reading and writing of topic messages. Parsing never throws: it returns the
/// reason a message is refused (bad JSON, wrong types, missing fields, non-finite numbers, bad ids),
/// which becomes the <c>error</c> header of the dead-lettered message.
/// </summary>
public static class StreamMessageCodec
{
    /// <summary>Most items one decision may show (API.md: <c>slots</c> at most 100).</summary>
    public const int MaxItemsPerDecision = 100;

    /// <summary>Serializes a decision to UTF-8 JSON.</summary>
    public static byte[] Serialize(DecisionMessage decision) =>
        JsonSerializer.SerializeToUtf8Bytes(decision, StreamingJsonContext.Default.DecisionMessage);

    /// <summary>Serializes a reward to UTF-8 JSON.</summary>
    public static byte[] Serialize(RewardMessage reward) =>
        JsonSerializer.SerializeToUtf8Bytes(reward, StreamingJsonContext.Default.RewardMessage);

    /// <summary>Parses and validates a decision message.</summary>
    /// <returns><see langword="true"/> with <paramref name="decision"/> set, or <see langword="false"/> with <paramref name="error"/> naming the problem.</returns>
    public static bool TryParseDecision(
        ReadOnlySpan<byte> utf8Json,
        [NotNullWhen(true)] out DecisionMessage? decision,
        [NotNullWhen(false)] out string? error)
    {
        decision = null;
        if (!TryDeserialize(utf8Json, StreamingJsonContext.Default.DecisionMessage, out var parsed, out error))
        {
            return false;
        }

        error = ValidateDecision(parsed);
        if (error is not null)
        {
            return false;
        }

        decision = parsed;
        return true;
    }

    /// <summary>Parses and validates a reward message.</summary>
    /// <returns><see langword="true"/> with <paramref name="reward"/> set, or <see langword="false"/> with <paramref name="error"/> naming the problem.</returns>
    public static bool TryParseReward(
        ReadOnlySpan<byte> utf8Json,
        [NotNullWhen(true)] out RewardMessage? reward,
        [NotNullWhen(false)] out string? error)
    {
        reward = null;
        if (!TryDeserialize(utf8Json, StreamingJsonContext.Default.RewardMessage, out var parsed, out error))
        {
            return false;
        }

        error = ValidateReward(parsed);
        if (error is not null)
        {
            return false;
        }

        reward = parsed;
        return true;
    }

    /// <summary>The reason <paramref name="reward"/> is invalid, or <see langword="null"/> when it is valid.</summary>
    public static string? ValidateReward(RewardMessage reward)
    {
        if (!MessageIds.IsValidEventId(reward.EventId))
        {
            return $"eventId must be 1-{MessageIds.MaxEventIdLength} characters without control characters";
        }

        if (!MessageIds.IsValidName(reward.ItemId))
        {
            return "itemId must be 1-128 characters of [A-Za-z0-9._:-]";
        }

        return double.IsFinite(reward.Reward) ? null : "reward must be a finite number";
    }

    /// <summary>The reason <paramref name="decision"/> is invalid, or <see langword="null"/> when it is valid.</summary>
    public static string? ValidateDecision(DecisionMessage decision)
    {
        if (!MessageIds.IsValidEventId(decision.EventId))
        {
            return $"eventId must be 1-{MessageIds.MaxEventIdLength} characters without control characters";
        }

        if (!MessageIds.IsValidName(decision.Surface))
        {
            return "surface must be 1-128 characters of [A-Za-z0-9._:-]";
        }

        if (string.IsNullOrWhiteSpace(decision.Policy))
        {
            return "policy must not be empty";
        }

        if (decision.Features is not null && decision.SparseFeatures is not null)
        {
            return "features and sparseFeatures are mutually exclusive";
        }

        if (decision.Features is { } dense)
        {
            for (int i = 0; i < dense.Length; i++)
            {
                if (!float.IsFinite(dense[i]))
                {
                    return $"features[{i}] must be a finite number";
                }
            }
        }

        if (decision.SparseFeatures is { } sparse && ValidateSparse(sparse) is { } sparseError)
        {
            return sparseError;
        }

        return ValidateItems(decision.Items);
    }

    private static string? ValidateSparse(SparseFeatureVector sparse)
    {
        if (sparse.Indices.Length != sparse.Values.Length)
        {
            return "sparseFeatures.indices and sparseFeatures.values must have the same length";
        }

        var seen = new HashSet<int>(sparse.Indices.Length);
        for (int i = 0; i < sparse.Indices.Length; i++)
        {
            if (sparse.Indices[i] < 0 || !seen.Add(sparse.Indices[i]))
            {
                return $"sparseFeatures.indices[{i}] must be a non-negative index not seen before";
            }

            if (!float.IsFinite(sparse.Values[i]))
            {
                return $"sparseFeatures.values[{i}] must be a finite number";
            }
        }

        return null;
    }

    private static string? ValidateItems(DecisionItem[] items)
    {
        if (items.Length is 0 or > MaxItemsPerDecision)
        {
            return $"items must hold 1-{MaxItemsPerDecision} entries";
        }

        var itemIds = new HashSet<string>(items.Length, StringComparer.Ordinal);
        var slots = new HashSet<int>(items.Length);
        for (int i = 0; i < items.Length; i++)
        {
            var item = items[i];
            if (!MessageIds.IsValidName(item.ItemId))
            {
                return $"items[{i}].itemId must be 1-128 characters of [A-Za-z0-9._:-]";
            }

            if (!itemIds.Add(item.ItemId))
            {
                return $"items[{i}].itemId repeats an item already shown";
            }

            if (item.Slot < 0 || !slots.Add(item.Slot))
            {
                return $"items[{i}].slot must be a non-negative slot not used before";
            }

            if (!double.IsFinite(item.Score))
            {
                return $"items[{i}].score must be a finite number";
            }

            if (!double.IsFinite(item.Propensity) || item.Propensity <= 0 || item.Propensity > 1)
            {
                return $"items[{i}].propensity must be in (0, 1]";
            }
        }

        return null;
    }

    private static bool TryDeserialize<T>(
        ReadOnlySpan<byte> utf8Json,
        System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo,
        [NotNullWhen(true)] out T? value,
        [NotNullWhen(false)] out string? error)
        where T : class
    {
        try
        {
            value = JsonSerializer.Deserialize(utf8Json, typeInfo);
        }
        catch (JsonException exception)
        {
            value = null;
            error = $"malformed JSON: {exception.Message}";
            return false;
        }

        if (value is null)
        {
            error = "message must be a JSON object, not null";
            return false;
        }

        error = null;
        return true;
    }
}
