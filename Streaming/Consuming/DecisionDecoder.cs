using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using BanditServe.Streaming.Join;
using BanditServe.Streaming.Messages;

namespace BanditServe.Streaming.Consuming;

/// <summary>
/// Reads decision messages on the consumer's hot path: a direct <see cref="Utf8JsonReader"/> pass over the
/// shape the server writes, with ids shared through an <see cref="IdInterner"/>. Anything it does not
/// accept goes to <see cref="StreamMessageCodec.TryParseDecision"/>, which decides and names the error.
/// </summary>
/// <remarks>
/// Why: every served decision comes back through the decisions topic into the join. Read with the
/// generic serializer, each one cost a read stack, a constructor-argument state, a seen-property bit
/// array and a fresh string per surface, policy and item id; at thousands of decisions a second that was
/// a quarter of the server's allocations, and the garbage collections it caused were most of the rank
/// tail (docs/performance.md, "Seventh pass"). The fast pass only ever accepts a message the codec would
/// accept, and then yields an equal <see cref="DecisionMessage"/>: unknown, escaped or duplicate property
/// names, nulls where a value is required, numbers that do not fit and every other irregularity are left
/// to the codec (<c>DecisionDecoderTests</c> checks both on valid and on generated malformed messages).
/// Not thread-safe: one per consumer loop. <c>DecisionDecodingBenchmarks</c> measures both readers.
/// </remarks>
public sealed class DecisionDecoder
{
    /// <summary>Longest id (in UTF-8 bytes) interned without a string: names are ASCII and at most 128 long.</summary>
    private const int MaxInternedBytes = 128;

    /// <summary>Largest number buffer kept between messages (dense contexts go up to 4,096).</summary>
    private const int MaxKeptNumbers = 4096;

    private const int EventIdBit = 1;
    private const int SurfaceBit = 2;
    private const int AtBit = 4;
    private const int PolicyBit = 8;
    private const int ModelVersionBit = 16;
    private const int FeaturesBit = 32;
    private const int SparseBit = 64;
    private const int UserIdBit = 128;
    private const int ItemsBit = 256;
    private const int PeriodBit = 512;
    private const int RequiredBits = EventIdBit | SurfaceBit | AtBit | PolicyBit | ModelVersionBit | ItemsBit;

    // A number too large for a float reads as infinity, which the codec refuses in validation.
    private static readonly NumberReader<float> FiniteSingle = static (ref Utf8JsonReader reader, out float value) =>
        reader.TryGetSingle(out value) && float.IsFinite(value);

    private static readonly NumberReader<int> Int32 = static (ref Utf8JsonReader reader, out int value) => reader.TryGetInt32(out value);

    private readonly IdInterner _ids;
    private readonly List<DecisionItem> _items = new(StreamMessageCodec.MaxItemsPerDecision);
    private float[] _floats = new float[256];
    private int[] _ints = new int[64];

    private delegate bool NumberReader<T>(ref Utf8JsonReader reader, out T value);

    /// <summary>Creates a decoder whose id table holds up to <paramref name="internCapacity"/> distinct ids before it starts again.</summary>
    public DecisionDecoder(int internCapacity = 1 << 16) => _ids = new IdInterner(internCapacity);

    /// <summary>Parses and validates a decision exactly as <see cref="StreamMessageCodec.TryParseDecision"/> does.</summary>
    public bool TryDecode(
        ReadOnlySpan<byte> utf8Json,
        [NotNullWhen(true)] out DecisionMessage? decision,
        [NotNullWhen(false)] out string? error)
    {
        if (TryReadValid(utf8Json, out decision))
        {
            error = null;
            return true;
        }

        return StreamMessageCodec.TryParseDecision(utf8Json, out decision, out error);
    }

    /// <summary>The decision when the fast pass can vouch for it; <see langword="false"/> leaves the verdict to the codec.</summary>
    internal bool TryReadValid(ReadOnlySpan<byte> utf8Json, [NotNullWhen(true)] out DecisionMessage? decision)
    {
        decision = null;
        try
        {
            var reader = new Utf8JsonReader(utf8Json, isFinalBlock: true, state: default);
            return TryReadMessage(ref reader, out decision) && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            // Invalid UTF-8 inside a string, or a token of an unexpected kind.
            return false;
        }
    }

    private bool TryReadMessage(ref Utf8JsonReader reader, [NotNullWhen(true)] out DecisionMessage? decision)
    {
        decision = null;
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        int seen = 0;
        string? eventId = null, surface = null, policy = null, userId = null;
        DateTimeOffset at = default;
        long modelVersion = 0;
        long? period = null;
        float[]? features = null;
        SparseFeatureVector? sparse = null;
        DecisionItem[]? items = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            int bit = PropertyBit(ref reader);
            if (bit == 0 || (seen & bit) != 0 || !reader.Read())
            {
                return false;
            }

            seen |= bit;
            bool ok = bit switch
            {
                EventIdBit => TryReadEventId(ref reader, out eventId),
                SurfaceBit => TryReadName(ref reader, out surface),
                AtBit => reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out at),
                PolicyBit => TryReadPolicy(ref reader, out policy),
                ModelVersionBit => reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out modelVersion),
                FeaturesBit => reader.TokenType == JsonTokenType.Null || TryReadFloats(ref reader, out features),
                SparseBit => reader.TokenType == JsonTokenType.Null || TryReadSparse(ref reader, out sparse),
                UserIdBit => reader.TokenType == JsonTokenType.Null || TryReadString(ref reader, out userId),
                ItemsBit => TryReadItems(ref reader, out items),
                PeriodBit => reader.TokenType == JsonTokenType.Null || TryReadPeriod(ref reader, out period),
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject || (seen & RequiredBits) != RequiredBits || (features is not null && sparse is not null))
        {
            return false;
        }

        decision = new DecisionMessage
        {
            EventId = eventId!,
            Surface = surface!,
            At = at,
            Policy = policy!,
            ModelVersion = modelVersion,
            Features = features,
            SparseFeatures = sparse,
            UserId = userId,
            Items = items!,
            Period = period,
        };
        return true;
    }

    private static int PropertyBit(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped)
        {
            return 0;
        }

        var name = reader.ValueSpan;
        return name.Length switch
        {
            2 when name.SequenceEqual("at"u8) => AtBit,
            5 when name.SequenceEqual("items"u8) => ItemsBit,
            6 when name.SequenceEqual("policy"u8) => PolicyBit,
            6 when name.SequenceEqual("userId"u8) => UserIdBit,
            6 when name.SequenceEqual("period"u8) => PeriodBit,
            7 when name.SequenceEqual("eventId"u8) => EventIdBit,
            7 when name.SequenceEqual("surface"u8) => SurfaceBit,
            8 when name.SequenceEqual("features"u8) => FeaturesBit,
            12 when name.SequenceEqual("modelVersion"u8) => ModelVersionBit,
            14 when name.SequenceEqual("sparseFeatures"u8) => SparseBit,
            _ => 0,
        };
    }

    private static bool TryReadEventId(ref Utf8JsonReader reader, out string? eventId)
    {
        eventId = null;
        if (reader.TokenType != JsonTokenType.String)
        {
            return false;
        }

        eventId = reader.GetString()!;
        return MessageIds.IsValidEventId(eventId);
    }

    private static bool TryReadString(ref Utf8JsonReader reader, out string? value)
    {
        value = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return value is not null;
    }

    private bool TryReadPolicy(ref Utf8JsonReader reader, out string? policy)
    {
        policy = null;
        if (reader.TokenType != JsonTokenType.String)
        {
            return false;
        }

        // Policies are a handful of short names: shared like ids when plain, read as a string otherwise.
        policy = !reader.ValueIsEscaped && reader.ValueSpan.Length <= MaxInternedBytes && Ascii.IsValid(reader.ValueSpan)
            ? Intern(reader.ValueSpan)
            : reader.GetString()!;
        return !string.IsNullOrWhiteSpace(policy);
    }

    /// <summary>A surface or item id: 1-128 bytes of <c>[A-Za-z0-9._:-]</c>, unescaped, shared through the interner.</summary>
    private bool TryReadName(ref Utf8JsonReader reader, out string? name)
    {
        name = null;
        if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped)
        {
            return false;
        }

        var bytes = reader.ValueSpan;
        if (bytes.Length is 0 or > MaxInternedBytes)
        {
            return false;
        }

        foreach (byte b in bytes)
        {
            if (!(char.IsAsciiLetterOrDigit((char)b) || b is (byte)'.' or (byte)'_' or (byte)':' or (byte)'-'))
            {
                return false;
            }
        }

        name = Intern(bytes);
        return true;
    }

    private string Intern(ReadOnlySpan<byte> ascii)
    {
        Span<char> chars = stackalloc char[MaxInternedBytes];
        int written = Encoding.ASCII.GetChars(ascii, chars);
        return _ids.Intern(chars[..written]);
    }

    private static bool TryReadPeriod(ref Utf8JsonReader reader, out long? period)
    {
        period = null;
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out long value))
        {
            return false;
        }

        period = value;
        return true;
    }

    private bool TryReadFloats(ref Utf8JsonReader reader, out float[]? values) =>
        TryReadNumbers(ref reader, ref _floats, FiniteSingle, out values);

    private bool TryReadInts(ref Utf8JsonReader reader, out int[]? values) =>
        TryReadNumbers(ref reader, ref _ints, Int32, out values);

    /// <summary>An array of numbers, each read by <paramref name="read"/>, through the reusable <paramref name="buffer"/>.</summary>
    private static bool TryReadNumbers<T>(ref Utf8JsonReader reader, ref T[] buffer, NumberReader<T> read, out T[]? values)
    {
        values = null;
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        int count = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.Number)
        {
            if (!read(ref reader, out T value))
            {
                return false;
            }

            if (count == buffer.Length)
            {
                Array.Resize(ref buffer, count * 2);
            }

            buffer[count++] = value;
        }

        if (reader.TokenType != JsonTokenType.EndArray)
        {
            return false;
        }

        values = buffer.AsSpan(0, count).ToArray();
        if (buffer.Length > MaxKeptNumbers)
        {
            // One huge vector must not keep its buffer for the consumer's lifetime.
            buffer = new T[MaxKeptNumbers];
        }

        return true;
    }

    private bool TryReadSparse(ref Utf8JsonReader reader, out SparseFeatureVector? sparse)
    {
        sparse = null;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        int[]? indices = null;
        float[]? values = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueIsEscaped)
            {
                return false;
            }

            bool isIndices = reader.ValueSpan.SequenceEqual("indices"u8);
            bool isValues = reader.ValueSpan.SequenceEqual("values"u8);
            if ((!isIndices && !isValues) || (isIndices && indices is not null) || (isValues && values is not null) || !reader.Read())
            {
                return false;
            }

            if (isIndices ? !TryReadInts(ref reader, out indices) : !TryReadFloats(ref reader, out values))
            {
                return false;
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject || indices is null || values is null || indices.Length != values.Length)
        {
            return false;
        }

        var unique = new HashSet<int>(indices.Length);
        foreach (int index in indices)
        {
            if (index < 0 || !unique.Add(index))
            {
                return false;
            }
        }

        sparse = new SparseFeatureVector { Indices = indices, Values = values };
        return true;
    }

    private bool TryReadItems(ref Utf8JsonReader reader, out DecisionItem[]? items)
    {
        items = null;
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        _items.Clear();
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            if (_items.Count == StreamMessageCodec.MaxItemsPerDecision || !TryReadItem(ref reader, out var item) || Repeats(item))
            {
                return false;
            }

            _items.Add(item);
        }

        if (reader.TokenType != JsonTokenType.EndArray || _items.Count == 0)
        {
            return false;
        }

        items = _items.ToArray();
        return true;
    }

    /// <summary>Whether <paramref name="item"/> repeats an item id or a slot already read; a few items per decision, so a scan.</summary>
    private bool Repeats(DecisionItem item)
    {
        foreach (var earlier in _items)
        {
            if (earlier.Slot == item.Slot || string.Equals(earlier.ItemId, item.ItemId, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private bool TryReadItem(ref Utf8JsonReader reader, out DecisionItem item)
    {
        item = default;
        const int ItemIdBit = 1, SlotBit = 2, ScoreBit = 4, PropensityBit = 8, AllBits = 15;
        int seen = 0;
        string? itemId = null;
        int slot = 0;
        double score = 0, propensity = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueIsEscaped)
            {
                return false;
            }

            var name = reader.ValueSpan;
            int bit = name.SequenceEqual("itemId"u8) ? ItemIdBit
                : name.SequenceEqual("slot"u8) ? SlotBit
                : name.SequenceEqual("score"u8) ? ScoreBit
                : name.SequenceEqual("propensity"u8) ? PropensityBit
                : 0;
            if (bit == 0 || (seen & bit) != 0 || !reader.Read())
            {
                return false;
            }

            seen |= bit;
            bool ok = bit switch
            {
                ItemIdBit => TryReadName(ref reader, out itemId),
                SlotBit => reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out slot) && slot >= 0,
                ScoreBit => reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out score) && double.IsFinite(score),
                _ => reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out propensity) && propensity is > 0 and <= 1,
            };
            if (!ok)
            {
                return false;
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject || seen != AllBits)
        {
            return false;
        }

        item = new DecisionItem { ItemId = itemId!, Slot = slot, Score = score, Propensity = propensity };
        return true;
    }
}
