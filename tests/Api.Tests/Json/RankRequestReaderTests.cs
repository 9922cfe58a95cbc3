using System.Text;
using System.Text.Json;
using BanditServe.Api.Contracts;
using BanditServe.Api.Json;

namespace BanditServe.Api.Tests.Json;

/// <summary>
/// The rank body's fast reader reads exactly what the source-generated serializer reads, and leaves to it
/// everything it does not: it never accepts a body the serializer refuses, and never reads a different value.
/// </summary>
public sealed class RankRequestReaderTests
{
    public static TheoryData<string> Readable() =>
    [
        """{"features": [0.5, -1, 3e-2, 0, -0, 1E+2, 123456789.123456789]}""",
        """{"features":[1],"slots":3,"eventId":"evt-1","userId":"u","candidates":["a","b","a"],"exclude":["c"]}""",
        """{"slots": 2, "features": []}""",
        """ { "features" : [ 1 , 2 ] , "candidates" : [ ] } """,
        """{"features": [3.4028235E+38, -3.4028235E+38, 1e-46, 1.17549435E-38]}""",
        """{"features": [1], "userId": "caf\u00e9 \"q\" \\ \n", "eventId": "x\u0041"}""",
        """{"features": [1], "candidates": ["\u00e9", "a\/b", ""]}""",
        """{"features": [1], "slots": -5}""",
        """{"features": [1], "slots": 2147483647}""",
        "{\"features\": [1]}\n\t\r ",
        // Numbers past float's range read as infinities in both; FeatureVector.Dense refuses them, naming the index.
        """{"features": [1e39, -1e39]}""",
        """{}""",
    ];

    public static TheoryData<string> LeftToTheSerializer() =>
    [
        // Other members and spellings, which the serializer reads (case-insensitively) or skips.
        """{"Features": [1]}""",
        """{"FEATURES": [1], "SLOTS": 2}""",
        """{"features": [1], "unknown": {"deep": [1, 2]}}""",
        """{"sparseFeatures": {"indices": [0], "values": [1]}}""",
        """{"namedFeatures": {"a": 1}}""",
        """{"features": [1], "at": "2026-12-07T00:00:00Z"}""",
        """{"f\u0065atures": [1]}""",
        // Duplicates: the serializer keeps the last.
        """{"features": [1], "features": [2, 3]}""",
        """{"slots": 1, "features": [1], "slots": 4}""",
        // Nulls.
        """{"features": null}""",
        """{"features": [1], "eventId": null}""",
        """{"features": [1], "candidates": null}""",
        """{"features": [1], "candidates": ["a", null]}""",
        """{"features": [1, null]}""",
        // Wrong types and numbers that do not fit.
        """{"features": ["1"]}""",
        """{"features": [1, true]}""",
        """{"features": {"0": 1}}""",
        """{"features": 1}""",
        """{"features": [1], "slots": 2.5}""",
        """{"features": [1], "slots": 1e1}""",
        """{"features": [1], "slots": 2147483648}""",
        """{"features": [1], "slots": "2"}""",
        """{"features": [1], "eventId": 5}""",
        """{"features": [1], "candidates": "a"}""",
        """{"features": [1], "candidates": [1]}""",
        """{"features": [[1]]}""",
        // Not an object, malformed, or more than one value.
        """null""",
        """[]""",
        """ "text" """,
        """{"features": [1],}""",
        """{"features": [1 2]}""",
        """{"features": [1]""",
        """{"features": [1]} {}""",
        """{"features": [1]} x""",
        """{"features": [1] /* comment */}""",
        """{"features": [NaN]}""",
        """{"features": [Infinity]}""",
        """{"features": [01]}""",
        """{'features': [1]}""",
        "",
        "   ",
        "\uFEFF{\"features\": [1]}",
    ];

    [Theory]
    [MemberData(nameof(Readable))]
    public void Common_bodies_are_read_into_the_serializers_values(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);

        Assert.True(RankRequestReader.TryRead(bytes, out var fast));

        AssertSame(JsonSerializer.Deserialize(bytes, ApiJsonContext.Default.RankRequest)!, fast!);
    }

    [Theory]
    [MemberData(nameof(LeftToTheSerializer))]
    public void Other_bodies_are_left_to_the_serializer(string json)
    {
        Assert.False(RankRequestReader.TryRead(Encoding.UTF8.GetBytes(json), out var request));
        Assert.Null(request);
    }

    [Fact]
    public void Generated_bodies_are_read_as_the_serializer_reads_them()
    {
        var random = new Random(7_12_2026);
        for (var n = 0; n < 3000; n++)
        {
            var json = GeneratedBody(random);
            var bytes = Encoding.UTF8.GetBytes(json);
            var expected = JsonSerializer.Deserialize(bytes, ApiJsonContext.Default.RankRequest)!;
            Assert.True(RankRequestReader.TryRead(bytes, out var fast), json);
            AssertSame(expected, fast!);
        }
    }

    [Fact]
    public void Corrupted_bodies_are_either_refused_or_read_as_the_serializer_reads_them()
    {
        var random = new Random(2026_12_07);
        var accepted = 0;
        for (var n = 0; n < 20_000; n++)
        {
            var bytes = Encoding.UTF8.GetBytes(GeneratedBody(random));
            var corruptions = random.Next(1, 4);
            for (var c = 0; c < corruptions && bytes.Length > 0; c++)
            {
                var at = random.Next(bytes.Length);
                switch (random.Next(3))
                {
                    case 0: bytes[at] = (byte)CorruptionBytes[random.Next(CorruptionBytes.Length)]; break;
                    case 1: bytes = [.. bytes[..at], .. bytes[(at + 1)..]]; break;
                    default: bytes = [.. bytes[..at], (byte)"{}[]\",:0.e-"[random.Next(11)], .. bytes[at..]]; break;
                }
            }

            RankRequest? expected;
            try
            {
                expected = JsonSerializer.Deserialize(bytes, ApiJsonContext.Default.RankRequest);
            }
            catch (JsonException)
            {
                expected = null;
            }

            if (RankRequestReader.TryRead(bytes, out var fast))
            {
                accepted++;
                Assert.NotNull(expected);
                AssertSame(expected, fast!);
            }
        }

        // Most corruptions break the JSON; enough survive to have tested agreement.
        Assert.InRange(accepted, 100, 20_000);
    }

    [Fact]
    public void Long_contexts_grow_the_threads_buffer_and_still_read_exactly()
    {
        var values = Enumerable.Range(0, 10_000).Select(i => (i - 5000) / 7f).ToArray();
        var json = "{\"features\": [" + string.Join(",", values.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))) + "]}";

        Assert.True(RankRequestReader.TryRead(Encoding.UTF8.GetBytes(json), out var first));
        Assert.True(RankRequestReader.TryRead("""{"features": [2, 3]}"""u8, out var second));

        Assert.Equal(values, first!.Features);
        Assert.Equal([2f, 3f], second!.Features!);
    }

    private const string CorruptionBytes = "{}[]\",:-+.eE0123456789 ntfaxu\\";

    private static string GeneratedBody(Random random)
    {
        var members = new List<string>();
        if (random.Next(10) > 0)
        {
            var features = Enumerable.Range(0, random.Next(0, 40)).Select(_ => Number(random));
            members.Add($"\"features\": [{string.Join(", ", features)}]");
        }

        if (random.Next(2) == 0)
        {
            members.Add($"\"slots\": {random.Next(-3, 120)}");
        }

        if (random.Next(2) == 0)
        {
            members.Add($"\"eventId\": \"{Id(random)}\"");
        }

        if (random.Next(3) == 0)
        {
            members.Add($"\"userId\": \"{Id(random)}\"");
        }

        if (random.Next(3) == 0)
        {
            members.Add($"\"candidates\": [{string.Join(",", Enumerable.Range(0, random.Next(0, 6)).Select(_ => $"\"{Id(random)}\""))}]");
        }

        if (random.Next(4) == 0)
        {
            members.Add($"\"exclude\": [{string.Join(",", Enumerable.Range(0, random.Next(0, 4)).Select(_ => $"\"{Id(random)}\""))}]");
        }

        members = [.. members.OrderBy(_ => random.Next())];
        return "{" + string.Join(random.Next(2) == 0 ? "," : " ,\n ", members) + "}";
    }

    private static string Number(Random random) => random.Next(6) switch
    {
        0 => random.Next(-1000, 1000).ToString(System.Globalization.CultureInfo.InvariantCulture),
        1 => ((float)(random.NextDouble() * 2 - 1)).ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        2 => (random.NextDouble() * Math.Pow(10, random.Next(-50, 40))).ToString("E6", System.Globalization.CultureInfo.InvariantCulture),
        3 => (random.NextDouble() - 0.5).ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        4 => "0." + new string('1', random.Next(1, 30)),
        _ => "-0",
    };

    private static string Id(Random random)
    {
        const string alphabet = "abcXYZ019._:-é\\\"/ ";
        var length = random.Next(0, 12);
        var builder = new StringBuilder();
        for (var i = 0; i < length; i++)
        {
            var c = alphabet[random.Next(alphabet.Length)];
            builder.Append(c switch { '\\' => "\\\\", '"' => "\\\"", _ => c.ToString() });
        }

        return builder.ToString();
    }

    private static void AssertSame(RankRequest expected, RankRequest actual)
    {
        Assert.Equal(expected.Features is null, actual.Features is null);
        if (expected.Features is not null)
        {
            Assert.Equal(expected.Features.Select(BitConverter.SingleToInt32Bits), actual.Features!.Select(BitConverter.SingleToInt32Bits));
        }

        Assert.Equal(expected.Slots, actual.Slots);
        Assert.Equal(expected.EventId, actual.EventId);
        Assert.Equal(expected.UserId, actual.UserId);
        Assert.Equal(expected.Candidates, actual.Candidates);
        Assert.Equal(expected.Exclude, actual.Exclude);
        Assert.Null(actual.SparseFeatures);
        Assert.Null(actual.NamedFeatures);
        Assert.Null(actual.At);
    }
}
