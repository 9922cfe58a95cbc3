using FsCheck;
using FsCheck.Fluent;

namespace BanditServe.Api.Tests.Fuzzing;

/// <summary>
/// Generators of JSON fragments that are wrong for a field of a given kind: wrong types, numbers
/// that overflow, NaN spelled as strings or bare, long and odd unicode strings, deep nesting.
/// Every fragment is invalid wherever a value of that kind is expected, so a body holding one is
/// never a valid request.
/// </summary>
public static class HostileJson
{
    private static readonly string DeepArray = new string('[', 5_000) + new string(']', 5_000);
    private static readonly string DeepObject = string.Concat(Enumerable.Repeat("{\"a\":", 3_000)) + "1" + new string('}', 3_000);
    private static readonly string HugeInteger = "1" + new string('0', 400);
    private static readonly string LongString = "\"" + new string('x', 70_000) + "\"";

    /// <summary>Fragments that are wrong wherever any value is expected (not JSON, or nested past every limit).</summary>
    public static readonly string[] Anywhere =
    [
        "NaN", "Infinity", "-Infinity", "undefined", "nul", "tru", "'single'", "\"unterminated", "01", "+1", ".5", "1.", "0x10",
        "\"\\uZZZZ\"", "\"\\x41\"", "[1,]", "{\"a\":1,}", "{,}", DeepArray, DeepObject, "/* comment */ 1",
    ];

    /// <summary>Wrong where a number is expected.</summary>
    public static readonly string[] NotANumber =
    [
        "\"1\"", "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "\"1e400\"", "true", "false", "{}", "[]", "[1]", "{\"value\":1}",
        "1e400", "-1e400", HugeInteger, "-" + HugeInteger, "\"\"", LongString, "\"💥\"",
    ];

    /// <summary>Wrong where an integer is expected (also every non-number).</summary>
    public static readonly string[] NotAnInteger =
    [
        .. NotANumber, "1.5", "-0.25", "2147483648", "-2147483649", "9223372036854775808", "1e10", "3.0000000001",
    ];

    /// <summary>Wrong where a string is expected.</summary>
    public static readonly string[] NotAString = ["1", "-1", "1e400", "true", "false", "{}", "[]", "[\"a\"]", "{\"a\":\"b\"}"];

    /// <summary>Wrong where a boolean is expected.</summary>
    public static readonly string[] NotABoolean = ["\"true\"", "\"false\"", "1", "0", "\"yes\"", "{}", "[]", "[true]", "\"\""];

    /// <summary>Wrong where an array is expected.</summary>
    public static readonly string[] NotAnArray = ["\"a\"", "1", "true", "{}", "{\"0\":1}", "\"[1,2]\""];

    /// <summary>Wrong where an object is expected.</summary>
    public static readonly string[] NotAnObject = ["\"a\"", "1", "true", "[]", "[{}]", "\"{}\""];

    /// <summary>Wrong where an RFC 3339 time is expected.</summary>
    public static readonly string[] NotATime = ["\"yesterday\"", "\"2026-13-45T99:99:99Z\"", "\"\"", "1732450000", "\"2026-11-24 12:00\"", "true", "{}"];

    /// <summary>JSON strings that are not valid surface or item ids (1–128 of [A-Za-z0-9._:-]).</summary>
    public static readonly string[] BadIdentifiers =
    [
        "\"\"", "\"" + new string('a', 129) + "\"", "\"a b\"", "\"é\"", "\"💥\"", "\"\\u0000\"", "\"a/b\"", "\"\\ud800\"", "\"<script>alert(1)</script>\"",
        "\"'; DROP TABLE surfaces; --\"", "\"a\\nb\"", "\"\\u202e\"", "\"x%00\"",
    ];

    /// <summary>Whole bodies that are not a usable JSON object.</summary>
    public static readonly string[] NotABody =
    [
        "", " ", "null", "[]", "1", "\"text\"", "true", "{", "}", "{\"", "{\"a\":", "\u00ef\u00bb\u00bf{}", "[{}]", "{}{}", "{\"a\":1} trailing",
        DeepArray, DeepObject, "\u0000", "<xml/>", "a=1&b=2",
    ];

    /// <summary>The fragments wrong for a value of <paramref name="kind"/>.</summary>
    public static Gen<string> For(JsonKind kind) => Gen.Frequency(
        (1, Gen.Elements(Anywhere)),
        (4, Gen.Elements(kind switch
        {
            JsonKind.Number => NotANumber,
            JsonKind.Integer => NotAnInteger,
            JsonKind.String => NotAString,
            JsonKind.Boolean => NotABoolean,
            JsonKind.Array => NotAnArray,
            JsonKind.Object => NotAnObject,
            JsonKind.Time => NotATime,
            _ => Anywhere,
        })));

    /// <summary>Random printable and non-printable text, for bodies that are not JSON at all.</summary>
    public static Gen<string> Garbage =>
        from length in Gen.Choose(1, 300)
        from chars in Gen.ArrayOf(Gen.Choose(0, 0x2FF).Select(c => (char)c), length)
        select new string(chars);
}
