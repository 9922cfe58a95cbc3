using System.Buffers;
using System.Text.Json;
using BanditServe.Api.Contracts;

namespace BanditServe.Api.Json;

/// <summary>
/// Writes a <see cref="RankResponse"/> byte for byte as the source-generated serializer does
/// (<see cref="ApiJsonContext"/>: camelCase, nulls omitted), without its metadata walk.
/// </summary>
/// <remarks>
/// Rank answers every request with this body. Through the serializer each one pushed a write stack, went through
/// the list interface item by item and was written without a known length (chunked); here it is written straight
/// into a reused buffer so the response carries its Content-Length. <c>RankResponseJsonTests</c> compare the bytes
/// with the serializer's.
/// </remarks>
public static class RankResponseJson
{
    private static readonly JsonEncodedText s_eventId = JsonEncodedText.Encode("eventId");
    private static readonly JsonEncodedText s_surface = JsonEncodedText.Encode("surface");
    private static readonly JsonEncodedText s_policy = JsonEncodedText.Encode("policy");
    private static readonly JsonEncodedText s_modelVersion = JsonEncodedText.Encode("modelVersion");
    private static readonly JsonEncodedText s_items = JsonEncodedText.Encode("items");
    private static readonly JsonEncodedText s_itemId = JsonEncodedText.Encode("itemId");
    private static readonly JsonEncodedText s_slot = JsonEncodedText.Encode("slot");
    private static readonly JsonEncodedText s_score = JsonEncodedText.Encode("score");
    private static readonly JsonEncodedText s_propensity = JsonEncodedText.Encode("propensity");
    private static readonly JsonEncodedText s_unknownCandidates = JsonEncodedText.Encode("unknownCandidates");
    private static readonly JsonEncodedText s_period = JsonEncodedText.Encode("period");

    /// <summary>True when <see cref="Write"/> produces the serializer's bytes: every number finite and no item or id null (the serializer refuses or writes those differently).</summary>
    public static bool CanWrite(RankResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.EventId is null || response.Surface is null || response.Policy is null || response.Items is null)
        {
            return false;
        }

        foreach (var item in response.Items)
        {
            if (item.ItemId is null || !double.IsFinite(item.Score) || !double.IsFinite(item.Propensity))
            {
                return false;
            }
        }

        if (response.UnknownCandidates is { } unknown)
        {
            foreach (var id in unknown)
            {
                if (id is null)
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Writes <paramref name="response"/>; only for responses <see cref="CanWrite"/> accepts.</summary>
    public static void Write(Utf8JsonWriter writer, RankResponse response)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(response);
        writer.WriteStartObject();
        writer.WriteString(s_eventId, response.EventId);
        writer.WriteString(s_surface, response.Surface);
        writer.WriteString(s_policy, response.Policy);
        writer.WriteNumber(s_modelVersion, response.ModelVersion);
        writer.WriteStartArray(s_items);
        var items = response.Items;
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            writer.WriteStartObject();
            writer.WriteString(s_itemId, item.ItemId);
            writer.WriteNumber(s_slot, item.Slot);
            writer.WriteNumber(s_score, item.Score);
            writer.WriteNumber(s_propensity, item.Propensity);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        if (response.UnknownCandidates is { } unknown)
        {
            writer.WriteStartArray(s_unknownCandidates);
            for (var i = 0; i < unknown.Count; i++)
            {
                writer.WriteStringValue(unknown[i]);
            }

            writer.WriteEndArray();
        }

        if (response.Period is { } period)
        {
            writer.WriteNumber(s_period, period);
        }

        writer.WriteEndObject();
    }

    /// <summary>The response's UTF-8 JSON in <paramref name="buffer"/> (cleared first).</summary>
    public static void WriteTo(ArrayBufferWriter<byte> buffer, RankResponse response)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        buffer.ResetWrittenCount();
        var writer = t_writer;
        if (writer is null)
        {
            writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true });
            t_writer = writer;
        }
        else
        {
            writer.Reset(buffer);
        }

        try
        {
            Write(writer, response);
            writer.Flush();
        }
        finally
        {
            // The thread's writer must not keep the caller's buffer alive.
            writer.Reset(Stream.Null);
        }
    }

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;
}
