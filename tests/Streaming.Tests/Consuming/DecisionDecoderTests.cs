using System.Text;
using BanditServe.Streaming.Consuming;
using BanditServe.Streaming.Messages;
using BanditServe.Streaming.Tests.Fuzzing;
using FsCheck;
using FsCheck.Fluent;

namespace BanditServe.Streaming.Tests.Consuming;

/// <summary>
/// The consumer's fast decision reader must agree with <see cref="StreamMessageCodec.TryParseDecision"/> on
/// every input: the same decision for what the codec accepts, the same refusal and reason for the rest,
/// and it may only vouch (<see cref="DecisionDecoder.TryReadValid"/>) for messages the codec accepts.
/// </summary>
public sealed class DecisionDecoderTests
{
    private const string Plain = """
        {"eventId":"e-1","surface":"home","at":"2026-11-24T12:00:00Z","policy":"diag-linucb","modelVersion":4711,
         "features":[0.1,0.0,1.0],"userId":"u-42",
         "items":[{"itemId":"item-2","slot":0,"score":0.734,"propensity":0.9625},{"itemId":"item-1","slot":1,"score":0.52,"propensity":0.95}]}
        """;

    public static TheoryData<string> AcceptedShapes => new()
    {
        Plain,
        // Fields in another order, an explicit null for each optional field, a period.
        """{"items":[{"propensity":1,"score":-3.5e10,"slot":7,"itemId":"a.b:c_d-e"}],"period":-12,"modelVersion":-1,"policy":"recovering-periodic","at":"2026-11-24T12:00:00.1234567+05:30","surface":"S","eventId":"with space and ünïcode","features":null,"sparseFeatures":null,"userId":null}""",
        """{"eventId":"e","surface":"s","at":"2026-11-24T12:00:00Z","policy":"p","modelVersion":0,"sparseFeatures":{"values":[0.5,-1e-45],"indices":[4096,0]},"items":[{"itemId":"x","slot":0,"score":0,"propensity":1e-300}]}""",
        // Extremes that still fit a float, an empty vector, whitespace everywhere.
        " \r\n{ \"eventId\" : \"e\" , \"surface\":\"s\",\"at\":\"2026-11-24T12:00:00Z\",\"policy\":\" p \",\"modelVersion\":9223372036854775807,\"features\":[3.4028234e38,-3.4028234e38,1.4e-45,-0.0,1e-50],\"items\":[{\"itemId\":\"x\",\"slot\":2147483647,\"score\":1.7976931348623157e308,\"propensity\":0.5}]}\n\t",
        """{"eventId":"e","surface":"s","at":"2026-11-24T12:00:00Z","policy":"p","modelVersion":1,"features":[],"items":[{"itemId":"x","slot":0,"score":0,"propensity":1}]}""",
    };

    /// <summary>Valid for the codec, but unusual enough that the fast pass leaves them to it.</summary>
    public static TheoryData<string> ShapesLeftToTheCodec => new()
    {
        Plain.Replace("\"surface\":\"home\"", "\"surface\":\"ho\\u006de\"", StringComparison.Ordinal),
        Plain.Replace("\"eventId\"", "\"event\\u0049d\"", StringComparison.Ordinal),
        Plain.Replace("\"userId\":\"u-42\"", "\"userId\":\"u-42\",\"extra\":{\"nested\":[1,2,3]}", StringComparison.Ordinal),
        Plain.Replace("\"slot\":0,", "\"slot\":0,\"note\":\"x\",", StringComparison.Ordinal),
    };

    public static TheoryData<string> RefusedShapes => new()
    {
        Plain.Replace("0.1,0.0,1.0", "0.1,1e39,1.0", StringComparison.Ordinal),
        Plain.Replace("0.1,0.0,1.0", "0.1,NaN,1.0", StringComparison.Ordinal),
        Plain.Replace("0.1,0.0,1.0", "0.1,\"1\",1.0", StringComparison.Ordinal),
        Plain.Replace("0.1,0.0,1.0", "0.1,null,1.0", StringComparison.Ordinal),
        Plain.Replace("\"features\":[0.1,0.0,1.0]", "\"features\":[1],\"sparseFeatures\":{\"indices\":[1],\"values\":[1]}", StringComparison.Ordinal),
        Plain.Replace("\"features\":[0.1,0.0,1.0]", "\"sparseFeatures\":{\"indices\":[1,1],\"values\":[1,2]}", StringComparison.Ordinal),
        Plain.Replace("\"features\":[0.1,0.0,1.0]", "\"sparseFeatures\":{\"indices\":[-1],\"values\":[1]}", StringComparison.Ordinal),
        Plain.Replace("\"features\":[0.1,0.0,1.0]", "\"sparseFeatures\":{\"indices\":[1],\"values\":[1,2]}", StringComparison.Ordinal),
        Plain.Replace("\"features\":[0.1,0.0,1.0]", "\"sparseFeatures\":{\"indices\":[1]}", StringComparison.Ordinal),
        Plain.Replace("\"propensity\":0.9625", "\"propensity\":0", StringComparison.Ordinal),
        Plain.Replace("\"propensity\":0.9625", "\"propensity\":1.0000001", StringComparison.Ordinal),
        Plain.Replace("\"score\":0.734", "\"score\":1e309", StringComparison.Ordinal),
        Plain.Replace("\"slot\":1", "\"slot\":0", StringComparison.Ordinal),
        Plain.Replace("\"slot\":1", "\"slot\":-1", StringComparison.Ordinal),
        Plain.Replace("\"slot\":1", "\"slot\":1.0", StringComparison.Ordinal),
        Plain.Replace("\"itemId\":\"item-1\"", "\"itemId\":\"item-2\"", StringComparison.Ordinal),
        Plain.Replace("\"itemId\":\"item-1\"", "\"itemId\":\"item 1\"", StringComparison.Ordinal),
        Plain.Replace("\"itemId\":\"item-1\"", "\"itemId\":\"" + new string('i', 129) + "\"", StringComparison.Ordinal),
        Plain.Replace("\"surface\":\"home\",", "", StringComparison.Ordinal),
        Plain.Replace("\"surface\":\"home\"", "\"surface\":\"home\",\"surface\":\"home\"", StringComparison.Ordinal),
        Plain.Replace("\"surface\":\"home\"", "\"surface\":null", StringComparison.Ordinal),
        Plain.Replace("\"surface\":\"home\"", "\"surface\":\"\"", StringComparison.Ordinal),
        Plain.Replace("\"eventId\":\"e-1\"", "\"eventId\":\"\"", StringComparison.Ordinal),
        Plain.Replace("\"eventId\":\"e-1\"", "\"eventId\":\"e\\u0001\"", StringComparison.Ordinal),
        Plain.Replace("\"eventId\":\"e-1\"", "\"eventId\":\"" + new string('e', 257) + "\"", StringComparison.Ordinal),
        Plain.Replace("\"policy\":\"diag-linucb\"", "\"policy\":\"  \"", StringComparison.Ordinal),
        Plain.Replace("\"modelVersion\":4711", "\"modelVersion\":47.5", StringComparison.Ordinal),
        Plain.Replace("\"modelVersion\":4711", "\"modelVersion\":\"4711\"", StringComparison.Ordinal),
        Plain.Replace("\"at\":\"2026-11-24T12:00:00Z\"", "\"at\":\"yesterday\"", StringComparison.Ordinal),
        Plain.Replace("\"at\":\"2026-11-24T12:00:00Z\"", "\"at\":12", StringComparison.Ordinal),
        Plain.Replace("\"userId\":\"u-42\"", "\"userId\":42", StringComparison.Ordinal),
        Plain.Replace("\"userId\":\"u-42\"", "\"userId\":\"u-42\",\"period\":1.5", StringComparison.Ordinal),
        Plain[..Plain.IndexOf("\"items\"", StringComparison.Ordinal)] + "\"items\":[]}",
        Plain[..Plain.IndexOf("\"items\"", StringComparison.Ordinal)] + "\"items\":[null]}",
        Plain[..Plain.IndexOf("\"items\"", StringComparison.Ordinal)] + "\"items\":null}",
        Plain + "{}",
        Plain + " // comment",
        Plain.Replace("1.0]", "1.0,]", StringComparison.Ordinal),
        "\uFEFF" + Plain,
        "[" + Plain + "]",
        "null",
        "",
    };

    [Theory]
    [MemberData(nameof(AcceptedShapes))]
    public void Fast_pass_reads_the_shapes_the_server_writes_as_the_codec_does(string json)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(json);
        Assert.True(StreamMessageCodec.TryParseDecision(utf8, out var expected, out var error), error);

        Assert.True(new DecisionDecoder().TryReadValid(utf8, out var actual), "the fast pass left a plain decision to the codec");
        AssertSameDecision(expected, actual);
    }

    [Theory]
    [MemberData(nameof(ShapesLeftToTheCodec))]
    public void Unusual_but_valid_shapes_are_left_to_the_codec_and_still_accepted(string json)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(json);
        Assert.True(StreamMessageCodec.TryParseDecision(utf8, out var expected, out var error), error);
        var decoder = new DecisionDecoder();

        Assert.False(decoder.TryReadValid(utf8, out _));
        Assert.True(decoder.TryDecode(utf8, out var actual, out error), error);
        AssertSameDecision(expected, actual);
    }

    [Theory]
    [MemberData(nameof(RefusedShapes))]
    public void Invalid_decisions_are_refused_with_the_codecs_reason(string json)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(json);
        Assert.False(StreamMessageCodec.TryParseDecision(utf8, out _, out var expectedError), "the case is meant to be invalid");
        var decoder = new DecisionDecoder();

        Assert.False(decoder.TryReadValid(utf8, out _));
        Assert.False(decoder.TryDecode(utf8, out var decision, out var error));
        Assert.Null(decision);
        Assert.Equal(expectedError, error);
    }

    [Fact]
    public void Generated_decisions_as_the_server_writes_them_take_the_fast_pass_unchanged()
    {
        var random = new Random(20261207);
        var decoder = new DecisionDecoder();
        for (int n = 0; n < 2_000; n++)
        {
            var original = RandomDecision(random, n);
            byte[] utf8 = StreamMessageCodec.Serialize(original);

            Assert.True(decoder.TryReadValid(utf8, out var actual), Encoding.UTF8.GetString(utf8));
            Assert.True(StreamMessageCodec.TryParseDecision(utf8, out var expected, out var error), error);
            AssertSameDecision(expected, actual);
        }
    }

    [Fact]
    public void Corrupted_decisions_are_never_vouched_for_unless_the_codec_accepts_them()
    {
        // Byte flips, deletions and insertions of JSON punctuation in valid messages: whatever the fast pass
        // accepts, the codec must accept too and read the same; whatever it does not, TryDecode answers as the codec.
        var random = new Random(1207);
        var decoder = new DecisionDecoder();
        byte[] alphabet = "{}[]\":,.-+eE0123456789 nultrfasx\\"u8.ToArray();
        int vouched = 0, refused = 0;
        for (int n = 0; n < 20_000; n++)
        {
            var bytes = new List<byte>(StreamMessageCodec.Serialize(RandomDecision(random, n)));
            for (int edits = random.Next(1, 4); edits > 0 && bytes.Count > 0; edits--)
            {
                int at = random.Next(bytes.Count);
                switch (random.Next(3))
                {
                    case 0: bytes[at] = alphabet[random.Next(alphabet.Length)]; break;
                    case 1: bytes.RemoveAt(at); break;
                    default: bytes.Insert(at, alphabet[random.Next(alphabet.Length)]); break;
                }
            }

            byte[] utf8 = [.. bytes];
            bool codecAccepts = StreamMessageCodec.TryParseDecision(utf8, out var expected, out var expectedError);
            if (decoder.TryReadValid(utf8, out var fast))
            {
                vouched++;
                Assert.True(codecAccepts, $"the fast pass accepted what the codec refuses ({expectedError}): {Encoding.UTF8.GetString(utf8)}");
                AssertSameDecision(expected!, fast);
            }

            bool accepted = decoder.TryDecode(utf8, out var decoded, out var error);
            Assert.Equal(codecAccepts, accepted);
            Assert.Equal(expectedError, error);
            if (accepted)
            {
                AssertSameDecision(expected!, decoded!);
            }
            else
            {
                refused++;
            }
        }

        // Both outcomes must be exercised, or the comparison above proves little.
        Assert.InRange(vouched, 500, 19_500);
        Assert.InRange(refused, 500, 19_500);
    }

    [Fact]
    public void Generated_malformed_messages_are_refused_with_the_codecs_reason()
    {
        var decoder = new DecisionDecoder();
        foreach (byte[] utf8 in MalformedMessages.For(decisions: true).Sample(size: 30, seed: new Rnd(1207), numberOfSamples: 500))
        {
            Assert.False(StreamMessageCodec.TryParseDecision(utf8, out _, out var expectedError));
            Assert.False(decoder.TryReadValid(utf8, out _));
            Assert.False(decoder.TryDecode(utf8, out _, out var error));
            Assert.Equal(expectedError, error);
        }
    }

    [Fact]
    public void Surface_policy_and_item_ids_are_shared_across_decisions()
    {
        var decoder = new DecisionDecoder();
        Assert.True(decoder.TryReadValid(Encoding.UTF8.GetBytes(Plain), out var first));
        Assert.True(decoder.TryReadValid(Encoding.UTF8.GetBytes(Plain.Replace("e-1", "e-2", StringComparison.Ordinal)), out var second));

        Assert.Same(first.Surface, second.Surface);
        Assert.Same(first.Policy, second.Policy);
        Assert.Same(first.Items[0].ItemId, second.Items[0].ItemId);
        Assert.Same(first.Items[1].ItemId, second.Items[1].ItemId);
        Assert.NotSame(first.Features, second.Features);
    }

    private static DecisionMessage RandomDecision(Random random, int n)
    {
        const string NameChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._:-";
        string Name(int maxLength) => new([.. Enumerable.Range(0, random.Next(1, maxLength + 1)).Select(_ => NameChars[random.Next(NameChars.Length)])]);
        float RandomFloat() => random.Next(6) switch
        {
            0 => 0f,
            1 => float.MaxValue * (random.Next(2) == 0 ? 1 : -1),
            2 => float.Epsilon,
            3 => (float)(random.NextDouble() * 1e-30),
            _ => (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-8, 9))),
        };

        int itemCount = random.Next(1, StreamMessageCodec.MaxItemsPerDecision + 1);
        bool reversed = random.Next(3) == 0;
        var items = Enumerable.Range(0, itemCount).Select(i => new DecisionItem
        {
            ItemId = $"{Name(8)}-{i}",
            Slot = reversed ? itemCount - 1 - i : i * 3,
            Score = (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-300, 300)),
            Propensity = random.Next(4) == 0 ? 1 : Math.Max(double.Epsilon, random.NextDouble()),
        }).ToArray();
        int dimension = random.Next(0, 80);
        int shape = random.Next(3);
        return new DecisionMessage
        {
            EventId = random.Next(5) == 0 ? $"évènement {n} «{Name(40)}»" : Guid.NewGuid().ToString(),
            Surface = Name(128),
            At = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.FromMinutes(15 * random.Next(-40, 50))).AddTicks(random.NextInt64(TimeSpan.TicksPerDay * 365)),
            Policy = random.Next(2) == 0 ? "diag-linucb" : Name(20),
            ModelVersion = random.NextInt64(long.MinValue, long.MaxValue),
            Features = shape == 0 ? [.. Enumerable.Range(0, dimension).Select(_ => RandomFloat())] : null,
            SparseFeatures = shape == 1
                ? new SparseFeatureVector
                {
                    Indices = [.. Enumerable.Range(0, dimension).Select(i => i * 7 + random.Next(7))],
                    Values = [.. Enumerable.Range(0, dimension).Select(_ => RandomFloat())],
                }
                : null,
            UserId = random.Next(2) == 0 ? null : $"user \"{n}\"\n",
            Items = items,
            Period = random.Next(3) == 0 ? random.NextInt64(-1000, long.MaxValue) : null,
        };
    }

    private static void AssertSameDecision(DecisionMessage expected, DecisionMessage actual)
    {
        Assert.Equal(expected with { Features = null, SparseFeatures = null, Items = [] }, actual with { Features = null, SparseFeatures = null, Items = [] });
        Assert.Equal(expected.Features, actual.Features);
        Assert.Equal(expected.SparseFeatures?.Indices, actual.SparseFeatures?.Indices);
        Assert.Equal(expected.SparseFeatures?.Values, actual.SparseFeatures?.Values);
        Assert.Equal(expected.Items, actual.Items);
        // Bit for bit, so that -0 and 0 or two spellings of one float cannot pass as equal.
        Assert.Equal(StreamMessageCodec.Serialize(expected), StreamMessageCodec.Serialize(actual));
    }
}
