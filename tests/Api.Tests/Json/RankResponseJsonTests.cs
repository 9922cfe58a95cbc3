using System.Buffers;
using System.Net;
using System.Text;
using System.Text.Json;
using BanditServe.Api.Contracts;
using BanditServe.Api.Json;
using BanditServe.Api.Tests.Infrastructure;

namespace BanditServe.Api.Tests.Json;

/// <summary>The hand-written rank response equals the source-generated serializer's, byte for byte.</summary>
public sealed class RankResponseJsonTests(BanditServerFactory factory) : IClassFixture<BanditServerFactory>
{
    public static TheoryData<string> Shapes() => ["plain", "unknown", "period", "empty", "escapes", "extremes"];

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Hand_written_shapes_match_the_serializer(string shape)
    {
        var response = shape switch
        {
            "plain" => Response(3, unknown: null, period: null),
            "unknown" => Response(2, unknown: ["gone-1", "gone:2"], period: null),
            "period" => Response(1, unknown: null, period: 12345),
            "empty" => new RankResponse("e", "s", "p", 0, [], [], 0),
            "escapes" => new RankResponse("ev\"<>&'\\", "sur\u00e9face", "pol\u2028icy\n", -1,
                [new RankedItemResponse("item\u0001\u00ff\ud83d\ude00", 0, 0.1, 1)], ["<script>", "\u0000", "caf\u00e9"], null),
            "extremes" => new RankResponse("e", "s", "p", long.MaxValue,
            [
                new RankedItemResponse("a", int.MaxValue, double.MaxValue, double.Epsilon),
                new RankedItemResponse("b", -1, -0.0, 1e-300),
                new RankedItemResponse("c", 0, (double)float.MaxValue, 0.1f),
                new RankedItemResponse("d", 0, 1.0 / 3, 2.0 / 3),
            ], null, long.MinValue),
            _ => throw new ArgumentOutOfRangeException(nameof(shape)),
        };

        AssertSameBytes(response);
    }

    [Fact]
    public void Generated_responses_match_the_serializer()
    {
        var random = new Random(20261207);
        for (var n = 0; n < 2000; n++)
        {
            var items = new RankedItemResponse[random.Next(0, 12)];
            for (var i = 0; i < items.Length; i++)
            {
                // Scores as the rank path makes them: floats widened to double, of every magnitude.
                var score = (double)(float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-40, 39)));
                items[i] = new RankedItemResponse($"item-{random.Next():x}", i, score, random.NextDouble());
            }

            var unknown = random.Next(3) == 0 ? Enumerable.Range(0, random.Next(0, 4)).Select(k => $"u{k}.{random.Next()}").ToArray() : null;
            long? period = random.Next(3) == 0 ? random.NextInt64(-5, long.MaxValue) : null;
            AssertSameBytes(new RankResponse(Guid.NewGuid().ToString(), $"surface-{n}", n % 2 == 0 ? "diag-linucb" : "recovering-periodic",
                random.NextInt64(), items, unknown, period));
        }
    }

    [Fact]
    public void Non_finite_numbers_and_null_members_are_left_to_the_serializer()
    {
        Assert.True(RankResponseJson.CanWrite(Response(2, null, null)));
        Assert.False(RankResponseJson.CanWrite(new RankResponse("e", "s", "p", 1, [new RankedItemResponse("a", 0, double.NaN, 1)], null, null)));
        Assert.False(RankResponseJson.CanWrite(new RankResponse("e", "s", "p", 1, [new RankedItemResponse("a", 0, 1, double.PositiveInfinity)], null, null)));
        Assert.False(RankResponseJson.CanWrite(new RankResponse("e", "s", "p", 1, [new RankedItemResponse(null!, 0, 1, 1)], null, null)));
        Assert.False(RankResponseJson.CanWrite(new RankResponse("e", "s", "p", 1, [], [null!], null)));
        Assert.False(RankResponseJson.CanWrite(new RankResponse(null!, "s", "p", 1, [], null, null)));
    }

    [Fact]
    public async Task Rank_answers_with_a_content_length_and_the_serializers_json()
    {
        var ct = TestContext.Current.CancellationToken;
        var admin = factory.CreateAdminClient();
        Assert.Equal(HttpStatusCode.Created, (await admin.PutJsonAsync("/v1/surfaces/response-json", """{"dimension": 2}""")).StatusCode);
        await admin.PostJsonAsync("/v1/surfaces/response-json/items:batch", """{"items": [{"itemId": "a", "active": true}, {"itemId": "b", "active": true}]}""");

        var response = await admin.PostJsonAsync("/v1/surfaces/response-json/rank",
            """{"features": [0.5, -1], "slots": 2, "candidates": ["a", "b", "missing"]}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        var body = await response.Content.ReadAsByteArrayAsync(ct);
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
        Assert.False(response.Headers.TransferEncodingChunked ?? false);
        var parsed = JsonSerializer.Deserialize(body, ApiJsonContext.Default.RankResponse)!;
        Assert.Equal(["missing"], parsed.UnknownCandidates!);
        Assert.Equal(2, parsed.Items.Count);
        Assert.Equal(Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(parsed, ApiJsonContext.Default.RankResponse)), Encoding.UTF8.GetString(body));
    }

    private static RankResponse Response(int count, string[]? unknown, long? period) => new(
        "0193a2b4-7c1d-7e2f-8a3b-4c5d6e7f8091",
        "home",
        "diag-linucb",
        42,
        [.. Enumerable.Range(0, count).Select(i => new RankedItemResponse($"item-{i:D6}", i, 0.123456789f * (i + 1), i == 0 ? 0.9625 : 0.0125))],
        unknown,
        period);

    private static void AssertSameBytes(RankResponse response)
    {
        Assert.True(RankResponseJson.CanWrite(response));
        var expected = JsonSerializer.SerializeToUtf8Bytes(response, ApiJsonContext.Default.RankResponse);
        var buffer = new ArrayBufferWriter<byte>();
        RankResponseJson.WriteTo(buffer, response);
        Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(buffer.WrittenSpan));
        Assert.True(expected.AsSpan().SequenceEqual(buffer.WrittenSpan));

        // Twice on the same thread: the reused writer starts clean.
        RankResponseJson.WriteTo(buffer, response);
        Assert.True(expected.AsSpan().SequenceEqual(buffer.WrittenSpan));
    }
}
