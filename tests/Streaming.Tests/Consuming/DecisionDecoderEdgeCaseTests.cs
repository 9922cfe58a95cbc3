using System.Text;
using BanditServe.Streaming.Consuming;
using BanditServe.Streaming.Messages;

namespace BanditServe.Streaming.Tests.Consuming;

/// <summary>
/// The fast decision reader against the codec on the edges of the grammar both read: date and time spellings,
/// numbers at and past the float, double, int and long limits, whitespace, control and surrogate characters in
/// every string field, invalid UTF-8, byte-order marks and odd structures. For every case the reader either
/// leaves the verdict to the codec or returns exactly the codec's decision, and <see cref="DecisionDecoder.TryDecode"/>
/// answers with the codec's verdict and reason. (Cases from the change's review, 2026-12-07.)
/// </summary>
public sealed class DecisionDecoderEdgeCaseTests
{
    private const string Tpl = "{\"eventId\":EV,\"surface\":SU,\"at\":AT,\"policy\":PO,\"modelVersion\":MV,\"features\":FE,\"userId\":US,\"items\":[{\"itemId\":\"a\",\"slot\":SL,\"score\":SC,\"propensity\":PR}]PE}";

    private static byte[] Make(string ev = "\"e\"", string su = "\"s\"", string at = "\"2026-11-24T12:00:00Z\"", string po = "\"p\"",
        string mv = "1", string fe = "[0.5]", string us = "null", string sl = "0", string sc = "0.5", string pr = "0.5", string pe = "")
        => Encoding.UTF8.GetBytes(Tpl.Replace("EV", ev).Replace("SU", su).Replace("AT", at).Replace("PO", po).Replace("MV", mv)
            .Replace("FE", fe).Replace("US", us).Replace("SL", sl).Replace("SC", sc).Replace("PR", pr).Replace("PE", pe));

    private static byte[] Raw(string prefix, byte[] middle, string suffix) => [.. Encoding.UTF8.GetBytes(prefix), .. middle, .. Encoding.UTF8.GetBytes(suffix)];

    private static IEnumerable<(string Name, byte[] Json)> Cases()
    {
        string[] ats =
        [
            "2026-11-24T12:00:00", "2026-11-24", "2026-11-24T12:00", "2026-11-24T12:00:00.12345678Z", "2026-11-24T12:00:00.1234567890123Z",
            "2026-11-24T12:00:00+14:00", "2026-11-24T12:00:00+14:01", "2026-11-24T12:00:00-14:00", "2026-11-24T12:00:00+15:00", "2026-11-24T24:00:00Z",
            "2026-11-24T12:00:60Z", "2026-11-24 12:00:00Z", "2026-11-24t12:00:00z", "2026-11-24T12:00:00-00:00", "9999-12-31T23:59:59-01:00",
            "0001-01-01T00:00:00+01:00", "0001-01-01T00:00:00-01:00", "9999-12-31T23:59:59.9999999+14:00", "2026-11-24T12:00:00+0530", "2026-11-24T12:00:00+05",
            "2026-11-24T12Z", "2026-11-24T12:00:00.Z", "2024-02-29T00:00:00Z", "2026-02-29T00:00:00Z", "2026-11-24T12:00:00,5Z", " 2026-11-24T12:00:00Z",
            "2026-11-24T12:00:00Z ", "\\u0032026-11-24T12:00:00Z", "2026-11-24T12:00:00\\u005A", "+2026-11-24T12:00:00Z", "20261124T120000Z",
        ];
        foreach (var at in ats) yield return ("at " + at, Make(at: "\"" + at + "\""));

        string[] floats =
        [
            "3.4028235e38", "3.40282356e38", "3.4028236e38", "3.402823567e38", "3.4028235677973366e38", "3.40282357e38", "1e-46", "-1e-46", "7e-46", "0.7e-45", "1E+2", "1e0",
            "1e-400", "-1e-400", "1e400", "-0", "-0.0", "0e5", "0.1000000000000000055511151231257827021181583404541015625",
            "1.00000005960464477539062500000000000000000000000000001", "16777217", "1" + new string('0', 60), "0." + new string('0', 400) + "1",
            "123456789012345678901234567890e-20", "1e39", "-1e39", "2e38", "-3.4028235e38",
        ];
        foreach (var f in floats) yield return ("feature " + f, Make(fe: "[" + f + "]"));
        foreach (var f in floats) yield return ("sparse " + f, Make(fe: "null,\"sparseFeatures\":{\"indices\":[0],\"values\":[" + f + "]}"));
        foreach (var f in floats) yield return ("score " + f, Make(sc: f));
        foreach (var f in floats) yield return ("propensity " + f, Make(pr: f));

        string[] doubles = ["1.0000000000000001", "1.00000000000000011102230246251565404236316680908203125", "1.0000000000000002", "4.9e-324", "2e-324", "2.5e-324", "3e-324", "-1.7976931348623158e308", "-1.7976931348623159e308", "1.797693134862315807e308", "1e-5000", "0.99999999999999999999"];
        foreach (var d in doubles) yield return ("propensity " + d, Make(pr: d));
        foreach (var d in doubles) yield return ("score " + d, Make(sc: d));

        string[] ints = ["9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809", "1e2", "1.0", "1.", "-0", "0.0", "2147483647", "2147483648", "-2147483648", "-1", "00", "1E0", "10e-1"];
        foreach (var i in ints) yield return ("modelVersion " + i, Make(mv: i));
        foreach (var i in ints) yield return ("slot " + i, Make(sl: i));
        foreach (var i in ints) yield return ("period " + i, Make(pe: ",\"period\":" + i));
        foreach (var i in ints) yield return ("sparse index " + i, Make(fe: "null,\"sparseFeatures\":{\"indices\":[" + i + "],\"values\":[1]}"));

        string[] strs =
        [
            "\"\u007f\"", "\"\\u007f\"", "\"\u00a0\"", "\"\\u00a0\"", "\"\u0085\"", "\"\u200b\"", "\"\\t\"", "\"\\ud800\"", "\"\\udc00\"", "\"\\ud83d\\ude00\"",
            "\"\\ud83d\"", "\"x\\ud83dx\"", "\"\u2028\"", "\"\u3000\"", "\"\\u0000\"", "\"a\\/b\"", "\"" + new string('p', 128) + "\"", "\"" + new string('p', 129) + "\"",
            "\"" + new string('\u00e9', 64) + "\"", "\"" + new string(' ', 200) + "x\"", "\"\\u0020\"", "\" \"", "\"\\u00A0x\"", "\"\\uFEFF\"", "\"\uFEFF\"", "\"\u180e\"",
            "\"\u001f\"", "\"\\u001f\"", "\"\\ud800\\ud800\"", "\"\\uDBFF\\uDFFF\"", "\"\"", "null", "1", "true", "[]", "{}",
        ];
        foreach (var s in strs) yield return ("policy " + s, Make(po: s));
        foreach (var s in strs) yield return ("eventId " + s, Make(ev: s));
        foreach (var s in strs) yield return ("userId " + s, Make(us: s));
        foreach (var s in strs) yield return ("surface " + s, Make(su: s));

        byte[][] badUtf8 = [[0xC0, 0x80], [0xED, 0xA0, 0x80], [0xFF], [0xE2, 0x82], [0xF4, 0x90, 0x80, 0x80], [0x80], [0xF0, 0x9F, 0x98, 0x80], [0xEF, 0xBB, 0xBF], [0xC2, 0xA0], [0xC2, 0x85]];
        foreach (var b in badUtf8)
        {
            string hex = Convert.ToHexString(b);
            yield return ("raw policy " + hex, Raw("{\"eventId\":\"e\",\"surface\":\"s\",\"at\":\"2026-11-24T12:00:00Z\",\"policy\":\"p", b, "\",\"modelVersion\":1,\"items\":[{\"itemId\":\"a\",\"slot\":0,\"score\":0.5,\"propensity\":0.5}]}"));
            yield return ("raw policy only " + hex, Raw("{\"eventId\":\"e\",\"surface\":\"s\",\"at\":\"2026-11-24T12:00:00Z\",\"policy\":\"", b, "\",\"modelVersion\":1,\"items\":[{\"itemId\":\"a\",\"slot\":0,\"score\":0.5,\"propensity\":0.5}]}"));
            yield return ("raw eventId " + hex, Raw("{\"eventId\":\"e", b, "\",\"surface\":\"s\",\"at\":\"2026-11-24T12:00:00Z\",\"policy\":\"p\",\"modelVersion\":1,\"items\":[{\"itemId\":\"a\",\"slot\":0,\"score\":0.5,\"propensity\":0.5}]}"));
            yield return ("raw userId " + hex, Raw("{\"eventId\":\"e\",\"userId\":\"u", b, "\",\"surface\":\"s\",\"at\":\"2026-11-24T12:00:00Z\",\"policy\":\"p\",\"modelVersion\":1,\"items\":[{\"itemId\":\"a\",\"slot\":0,\"score\":0.5,\"propensity\":0.5}]}"));
            yield return ("raw at " + hex, Raw("{\"eventId\":\"e\",\"surface\":\"s\",\"at\":\"2026-11-24T12:00:00Z", b, "\",\"policy\":\"p\",\"modelVersion\":1,\"items\":[{\"itemId\":\"a\",\"slot\":0,\"score\":0.5,\"propensity\":0.5}]}"));
            yield return ("raw unknown prop value " + hex, Raw("{\"eventId\":\"e\",\"x\":\"", b, "\",\"surface\":\"s\",\"at\":\"2026-11-24T12:00:00Z\",\"policy\":\"p\",\"modelVersion\":1,\"items\":[{\"itemId\":\"a\",\"slot\":0,\"score\":0.5,\"propensity\":0.5}]}"));
            yield return ("raw bom prefix " + hex, Raw("", b, "{\"eventId\":\"e\",\"surface\":\"s\",\"at\":\"2026-11-24T12:00:00Z\",\"policy\":\"p\",\"modelVersion\":1,\"items\":[{\"itemId\":\"a\",\"slot\":0,\"score\":0.5,\"propensity\":0.5}]}"));
        }

        // structure
        yield return ("features empty + sparse null", Make(fe: "[],\"sparseFeatures\":null"));
        yield return ("features empty + sparse", Make(fe: "[],\"sparseFeatures\":{\"indices\":[],\"values\":[]}"));
        yield return ("features null + sparse empty", Make(fe: "null,\"sparseFeatures\":{\"indices\":[],\"values\":[]}"));
        yield return ("sparse null fields", Make(fe: "null,\"sparseFeatures\":{\"indices\":null,\"values\":null}"));
        yield return ("sparse values first", Make(fe: "null,\"sparseFeatures\":{\"values\":[1,2],\"indices\":[3,2]}"));
        yield return ("sparse dup", Make(fe: "null,\"sparseFeatures\":{\"values\":[1],\"values\":[1],\"indices\":[3]}"));
        yield return ("big features", Make(fe: "[" + string.Join(",", Enumerable.Range(0, 1000).Select(i => (i * 0.37f).ToString("R", System.Globalization.CultureInfo.InvariantCulture))) + "]"));
        yield return ("big sparse", Make(fe: "null,\"sparseFeatures\":{\"indices\":[" + string.Join(",", Enumerable.Range(0, 1000)) + "],\"values\":[" + string.Join(",", Enumerable.Range(0, 1000)) + "]}"));
        yield return ("trailing ws", [.. Make(), .. " \t\r\n"u8.ToArray()]);
        yield return ("trailing nul", [.. Make(), 0]);
        yield return ("features nested", Make(fe: "[[1]]"));
        yield return ("features object", Make(fe: "{}"));
        yield return ("features true", Make(fe: "true"));
        yield return ("period null", Make(pe: ",\"period\":null"));
        yield return ("period str", Make(pe: ",\"period\":\"1\""));
        yield return ("items 100", Encoding.UTF8.GetBytes("{\"eventId\":\"e\",\"surface\":\"s\",\"at\":\"2026-11-24T12:00:00Z\",\"policy\":\"p\",\"modelVersion\":1,\"items\":[" + string.Join(",", Enumerable.Range(0, 100).Select(i => $"{{\"itemId\":\"i{i}\",\"slot\":{i},\"score\":1,\"propensity\":1}}")) + "]}"));
        yield return ("items 101", Encoding.UTF8.GetBytes("{\"eventId\":\"e\",\"surface\":\"s\",\"at\":\"2026-11-24T12:00:00Z\",\"policy\":\"p\",\"modelVersion\":1,\"items\":[" + string.Join(",", Enumerable.Range(0, 101).Select(i => $"{{\"itemId\":\"i{i}\",\"slot\":{i},\"score\":1,\"propensity\":1}}")) + "]}"));
        yield return ("item missing prop", Encoding.UTF8.GetBytes("{\"eventId\":\"e\",\"surface\":\"s\",\"at\":\"2026-11-24T12:00:00Z\",\"policy\":\"p\",\"modelVersion\":1,\"items\":[{\"itemId\":\"a\",\"slot\":0,\"score\":1}]}"));
        yield return ("item dup id case", Encoding.UTF8.GetBytes("{\"eventId\":\"e\",\"surface\":\"s\",\"at\":\"2026-11-24T12:00:00Z\",\"policy\":\"p\",\"modelVersion\":1,\"items\":[{\"itemId\":\"a\",\"slot\":0,\"score\":1,\"propensity\":1},{\"itemId\":\"A\",\"slot\":1,\"score\":1,\"propensity\":1}]}"));
        yield return ("item dup slot -0", Encoding.UTF8.GetBytes("{\"eventId\":\"e\",\"surface\":\"s\",\"at\":\"2026-11-24T12:00:00Z\",\"policy\":\"p\",\"modelVersion\":1,\"items\":[{\"itemId\":\"a\",\"slot\":0,\"score\":1,\"propensity\":1},{\"itemId\":\"b\",\"slot\":-0,\"score\":1,\"propensity\":1}]}"));
        yield return ("PascalCase", Encoding.UTF8.GetBytes("{\"EventId\":\"e\",\"surface\":\"s\",\"at\":\"2026-11-24T12:00:00Z\",\"policy\":\"p\",\"modelVersion\":1,\"items\":[{\"itemId\":\"a\",\"slot\":0,\"score\":1,\"propensity\":1}]}"));
        yield return ("deep unknown", Encoding.UTF8.GetBytes("{\"x\":" + new string('[', 70) + new string(']', 70) + ",\"eventId\":\"e\",\"surface\":\"s\",\"at\":\"2026-11-24T12:00:00Z\",\"policy\":\"p\",\"modelVersion\":1,\"items\":[{\"itemId\":\"a\",\"slot\":0,\"score\":1,\"propensity\":1}]}"));
    }

    [Fact]
    public void Every_edge_case_is_read_as_the_codec_reads_it()
    {
        int vouched = 0, total = 0;
        var mismatches = new List<string>();
        foreach (var (name, json) in Cases())
        {
            total++;
            bool codecAccepts = StreamMessageCodec.TryParseDecision(json, out var expected, out var expectedError);
            if (new DecisionDecoder().TryReadValid(json, out var fast))
            {
                vouched++;
                if (!codecAccepts)
                {
                    mismatches.Add($"{name}: the fast pass accepts what the codec refuses ({expectedError})");
                }
                else if (!StreamMessageCodec.Serialize(expected!).AsSpan().SequenceEqual(StreamMessageCodec.Serialize(fast))
                    || expected!.At.Offset != fast.At.Offset)
                {
                    mismatches.Add($"{name}: different decisions");
                }
            }

            bool accepted = new DecisionDecoder().TryDecode(json, out _, out var error);
            if (accepted != codecAccepts || error != expectedError)
            {
                mismatches.Add($"{name}: TryDecode {accepted} ({error}) against the codec {codecAccepts} ({expectedError})");
            }
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
        // Both paths are exercised: plain spellings are vouched for, the rest left to the codec.
        Assert.InRange(vouched, 50, total - 50);
    }
}
