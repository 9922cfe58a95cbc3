using System.Text;
using BanditServe.Streaming.Messages;

namespace BanditServe.Streaming.Tests.Messages;

public sealed class StreamMessageCodecTests
{
    private const string ValidDecision = """
        {"eventId":"e-1","surface":"home","at":"2026-11-24T12:00:00Z","policy":"diag-linucb","modelVersion":4711,
         "features":[0.1,0.0,1.0],"userId":"u-42",
         "items":[{"itemId":"item-2","slot":0,"score":0.734,"propensity":0.9625},{"itemId":"item-1","slot":1,"score":0.52,"propensity":0.95}]}
        """;

    [Fact]
    public void Decision_in_the_api_shape_parses_with_every_field()
    {
        Assert.True(StreamMessageCodec.TryParseDecision(Encoding.UTF8.GetBytes(ValidDecision), out var decision, out var error), error);

        Assert.Equal("e-1", decision.EventId);
        Assert.Equal("home", decision.Surface);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero), decision.At);
        Assert.Equal(4711, decision.ModelVersion);
        Assert.Equal([0.1f, 0f, 1f], decision.Features!);
        Assert.Equal("u-42", decision.UserId);
        Assert.Equal(["item-2", "item-1"], decision.Items.Select(item => item.ItemId));
        Assert.Equal(0.9625, decision.Items[0].Propensity);
    }

    [Fact]
    public void Decision_serializes_to_camel_case_and_omits_absent_fields()
    {
        Assert.True(StreamMessageCodec.TryParseDecision(Encoding.UTF8.GetBytes(ValidDecision), out var decision, out _));
        var sparse = decision with { Features = null, SparseFeatures = new SparseFeatureVector { Indices = [3, 4096], Values = [0.7f, 0.3f] } };

        string json = Encoding.UTF8.GetString(StreamMessageCodec.Serialize(sparse));

        Assert.Contains("\"eventId\":\"e-1\"", json, StringComparison.Ordinal);
        Assert.Contains("\"sparseFeatures\":{\"indices\":[3,4096],\"values\":[0.7,0.3]}", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"features\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"period\"", json, StringComparison.Ordinal);
        Assert.True(StreamMessageCodec.TryParseDecision(Encoding.UTF8.GetBytes(json), out var roundTripped, out var error), error);
        Assert.Equal([3, 4096], roundTripped.SparseFeatures!.Indices);
    }

    [Fact]
    public void Reward_round_trips()
    {
        var reward = new RewardMessage { EventId = "e-1", ItemId = "item-2", Reward = 1.0, At = new DateTimeOffset(2026, 11, 24, 12, 0, 5, TimeSpan.Zero) };

        byte[] bytes = StreamMessageCodec.Serialize(reward);

        Assert.Equal("""{"eventId":"e-1","itemId":"item-2","reward":1,"at":"2026-11-24T12:00:05+00:00"}""", Encoding.UTF8.GetString(bytes));
        Assert.True(StreamMessageCodec.TryParseReward(bytes, out var parsed, out var error), error);
        Assert.Equal(reward, parsed);
    }

    [Theory]
    [InlineData("not json", "malformed JSON")]
    [InlineData("null", "not null")]
    [InlineData("""{"eventId":"e","itemId":"a","reward":1}""", "missing required properties")]
    [InlineData("""{"eventId":"e","itemId":"a","reward":"1","at":"2026-11-24T12:00:00Z"}""", "$.reward")]
    [InlineData("""{"eventId":"e","itemId":"a","reward":NaN,"at":"2026-11-24T12:00:00Z"}""", "malformed JSON")]
    [InlineData("""{"eventId":"e","itemId":"a","reward":1e999,"at":"2026-11-24T12:00:00Z"}""", "reward")]
    [InlineData("""{"eventId":"e","itemId":null,"reward":1,"at":"2026-11-24T12:00:00Z"}""", "itemId")]
    [InlineData("""{"eventId":"e","itemId":"a b","reward":1,"at":"2026-11-24T12:00:00Z"}""", "itemId must be")]
    [InlineData("""{"eventId":"","itemId":"a","reward":1,"at":"2026-11-24T12:00:00Z"}""", "eventId must be")]
    [InlineData("""{"eventId":"e","itemId":"a","reward":1,"at":"yesterday"}""", "$.at")]
    public void Invalid_reward_is_refused_with_a_reason(string json, string reasonFragment)
    {
        Assert.False(StreamMessageCodec.TryParseReward(Encoding.UTF8.GetBytes(json), out var reward, out var error));
        Assert.Null(reward);
        Assert.Contains(reasonFragment, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"features\":[0.1,0.0,1.0]", "\"features\":[0.1,1e39,1.0]", "features")]
    [InlineData("\"features\":[0.1,0.0,1.0]", "\"features\":[0.1,\"x\",1.0]", "$.features")]
    [InlineData("\"features\":[0.1,0.0,1.0]", "\"features\":[1],\"sparseFeatures\":{\"indices\":[1],\"values\":[1]}", "mutually exclusive")]
    [InlineData("\"features\":[0.1,0.0,1.0]", "\"sparseFeatures\":{\"indices\":[1,1],\"values\":[1,2]}", "sparseFeatures.indices[1]")]
    [InlineData("\"features\":[0.1,0.0,1.0]", "\"sparseFeatures\":{\"indices\":[1],\"values\":[1,2]}", "same length")]
    [InlineData("\"propensity\":0.9625", "\"propensity\":0", "items[0].propensity")]
    [InlineData("\"slot\":1", "\"slot\":0", "items[1].slot")]
    [InlineData("\"itemId\":\"item-1\"", "\"itemId\":\"item-2\"", "items[1].itemId repeats")]
    [InlineData("\"surface\":\"home\",", "", "missing required properties")]
    [InlineData("\"modelVersion\":4711", "\"modelVersion\":47.5", "$.modelVersion")]
    [InlineData("\"surface\":\"home\"", "\"surface\":\"home page\"", "surface must be")]
    public void Invalid_decision_is_refused_with_a_reason(string valid, string invalid, string reasonFragment)
    {
        string json = ValidDecision.Replace(valid, invalid, StringComparison.Ordinal);
        Assert.NotEqual(ValidDecision, json);

        Assert.False(StreamMessageCodec.TryParseDecision(Encoding.UTF8.GetBytes(json), out var decision, out var error));
        Assert.Null(decision);
        Assert.Contains(reasonFragment, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Decision_with_a_null_item_is_refused_as_malformed_at_that_item()
    {
        string json = ValidDecision[..ValidDecision.IndexOf("\"items\"", StringComparison.Ordinal)] + "\"items\":[null]}";

        Assert.False(StreamMessageCodec.TryParseDecision(Encoding.UTF8.GetBytes(json), out var decision, out var error));
        Assert.Null(decision);
        Assert.StartsWith("malformed JSON", error, StringComparison.Ordinal);
        Assert.Contains("$.items[0]", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Decision_with_no_items_is_refused()
    {
        string json = ValidDecision[..ValidDecision.IndexOf("\"items\"", StringComparison.Ordinal)] + "\"items\":[]}";

        Assert.False(StreamMessageCodec.TryParseDecision(Encoding.UTF8.GetBytes(json), out _, out var error));
        Assert.Contains("items must hold", error, StringComparison.Ordinal);
    }
}
