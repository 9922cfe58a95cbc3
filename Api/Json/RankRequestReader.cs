using System.Text.Json;
using BanditServe.Api.Contracts;

namespace BanditServe.Api.Json;

/// <summary>
/// Reads the common shape of a rank body in one <see cref="Utf8JsonReader"/> pass: an object with
/// <c>features</c>, <c>slots</c>, <c>eventId</c>, <c>userId</c>, <c>candidates</c> and <c>exclude</c>, written in
/// camelCase, each at most once, every value of its exact type.
/// </summary>
/// <remarks>
/// Anything else (other members, other spellings, nulls, numbers that do not fit, comments, malformed JSON, a byte
/// order mark) makes <see cref="TryRead"/> answer false, and the caller hands the body to the source-generated
/// serializer, which decides and names the error. So this reader never accepts what the serializer would refuse, and
/// reads what it accepts into the same values (<c>RankRequestReaderTests</c>): the serializer reads float arrays
/// through a growing list and a stack of frames per nested value, most of the objects a rank request used to cost.
/// </remarks>
public static class RankRequestReader
{
    private const int Features = 1, Slots = 2, EventId = 4, UserId = 8, Candidates = 16, Exclude = 32;

    [ThreadStatic]
    private static float[]? t_numbers;

    /// <summary>Reads <paramref name="json"/> when it has the common shape; false leaves the decision to the serializer.</summary>
    public static bool TryRead(ReadOnlySpan<byte> json, out RankRequest? request)
    {
        request = null;
        try
        {
            var reader = new Utf8JsonReader(json);
            return TryReadObject(ref reader, out request) && !reader.Read();
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // Malformed JSON, or a string that is not valid UTF-8: the serializer reports where.
            request = null;
            return false;
        }
    }

    private static bool TryReadObject(ref Utf8JsonReader reader, out RankRequest? request)
    {
        request = null;
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        var result = new RankRequest();
        var seen = 0;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                request = result;
                return true;
            }

            if (reader.TokenType != JsonTokenType.PropertyName || reader.ValueIsEscaped)
            {
                return false;
            }

            var member = reader.ValueSpan switch
            {
                var name when name.SequenceEqual("features"u8) => Features,
                var name when name.SequenceEqual("slots"u8) => Slots,
                var name when name.SequenceEqual("eventId"u8) => EventId,
                var name when name.SequenceEqual("userId"u8) => UserId,
                var name when name.SequenceEqual("candidates"u8) => Candidates,
                var name when name.SequenceEqual("exclude"u8) => Exclude,
                _ => 0,
            };
            if (member == 0 || (seen & member) != 0 || !reader.Read())
            {
                return false;
            }

            seen |= member;
            switch (member)
            {
                case Features:
                    if (!TryReadFloats(ref reader, out var features))
                    {
                        return false;
                    }

                    result.Features = features;
                    break;
                case Slots:
                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var slots))
                    {
                        return false;
                    }

                    result.Slots = slots;
                    break;
                case EventId or UserId:
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        return false;
                    }

                    if (member == EventId)
                    {
                        result.EventId = reader.GetString();
                    }
                    else
                    {
                        result.UserId = reader.GetString();
                    }

                    break;
                default:
                    if (!TryReadStrings(ref reader, out var ids))
                    {
                        return false;
                    }

                    if (member == Candidates)
                    {
                        result.Candidates = ids;
                    }
                    else
                    {
                        result.Exclude = ids;
                    }

                    break;
            }
        }

        return false;
    }

    private static bool TryReadFloats(ref Utf8JsonReader reader, out float[]? values)
    {
        values = null;
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        var buffer = t_numbers ??= new float[64];
        var count = 0;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                values = buffer.AsSpan(0, count).ToArray();
                if (buffer.Length > 4096)
                {
                    // A huge context once should not stay with the thread.
                    t_numbers = null;
                }

                return true;
            }

            // TryGetSingle refuses what does not fit a finite float, as the serializer's reader does.
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetSingle(out var value))
            {
                return false;
            }

            if (count == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
                t_numbers = buffer;
            }

            buffer[count++] = value;
        }

        return false;
    }

    private static bool TryReadStrings(ref Utf8JsonReader reader, out List<string>? values)
    {
        values = null;
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        var list = new List<string>();
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                values = list;
                return true;
            }

            if (reader.TokenType != JsonTokenType.String)
            {
                return false;
            }

            list.Add(reader.GetString()!);
        }

        return false;
    }
}
