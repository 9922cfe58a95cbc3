using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace BanditServe.Streaming.Tests.Fuzzing;

/// <summary>
/// Generated Kafka message values that no consumer can apply: not JSON, not UTF-8, truncated,
/// nested past every limit, required fields missing, wrong types, NaN, overflowing numbers.
/// </summary>
internal static class MalformedMessages
{
    private const string ValidDecision =
        """{"eventId":"E","surface":"home","at":"2026-11-24T12:00:00Z","policy":"diag-linucb","modelVersion":1,"features":[0.5,1],"items":[{"itemId":"a","slot":0,"score":0.5,"propensity":0.9}]}""";

    private const string ValidReward = """{"eventId":"E","itemId":"a","reward":1,"at":"2026-11-24T12:00:00Z"}""";

    // Wrong for every one of the required fields (strings, a number, an array of objects).
    private static readonly string[] WrongValues = ["true", "false", "{}", "NaN", "1e400", "-1e400", "null", "[[[[[[]]]]]]", "{\"$ref\":1}"];

    /// <summary>A malformed value for the decisions topic (<paramref name="decisions"/>) or the rewards topic.</summary>
    public static Gen<byte[]> For(bool decisions)
    {
        var valid = decisions ? ValidDecision : ValidReward;
        // Only fields without which a message means nothing: optional ones may legitimately be absent.
        string[] fields = decisions ? ["eventId", "surface", "items"] : ["eventId", "itemId", "reward"];
        return Gen.OneOf(
            // Not JSON or not UTF-8 at all.
            Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b)).Where(b => b.Length > 0 && b[0] != (byte)'{'),
            Gen.Elements<byte[]>([0xff, 0xfe, 0x00], [0xc3, 0x28], [(byte)'{', 0xff, (byte)'}'], [], Encoding.UTF8.GetBytes("null"), Encoding.UTF8.GetBytes("[]")),
            // Truncated JSON.
            Gen.Choose(1, valid.Length - 2).Select(n => Encoding.UTF8.GetBytes(valid[..n])),
            // Nested past the reader's depth limit.
            Gen.Choose(100, 5_000).Select(depth => Encoding.UTF8.GetBytes(new string('[', depth) + new string(']', depth))),
            // A required field with a wrong value or missing.
            from field in Gen.Elements(fields)
            from value in Gen.Elements(WrongValues)
            from drop in Gen.Elements(true, false)
            select Encoding.UTF8.GetBytes(drop ? Drop(valid, field) : Replace(valid, field, value)));
    }

    private static string Replace(string json, string field, string value)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        node[field] = "__wrong__";
        return node.ToJsonString().Replace("\"__wrong__\"", value, StringComparison.Ordinal);
    }

    private static string Drop(string json, string field)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        node.Remove(field);
        return node.ToJsonString();
    }
}
