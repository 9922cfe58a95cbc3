using FsCheck;
using FsCheck.Fluent;

namespace BanditServe.Api.Tests.Fuzzing;

/// <summary>
/// Generated invalid requests for every endpoint of API.md, aimed at one Diag-LinUCB surface (and a
/// recovering-periodic one for schedules) whose state the test compares before and after.
/// </summary>
/// <param name="surface">The Diag-LinUCB surface (dimension 3, items a, b, c).</param>
/// <param name="periodicSurface">A recovering-periodic surface.</param>
/// <param name="eventId">An event of <paramref name="surface"/> whose reward window is open and that showed item a.</param>
/// <param name="modelDocument">The surface's exported model (GET …/model), a valid PUT …/model body.</param>
public sealed class EndpointFuzzers(string surface, string periodicSurface, string eventId, string modelDocument)
{
    public static readonly string[] Endpoints =
        ["put-surface", "put-item", "post-items-batch", "rank", "post-reward", "post-rewards-batch", "put-model", "get-schedule", "paths"];

    // 32-bit integers only: 64-bit counters (modelVersion, impressions) take every non-number as hostile, not 2^31.
    private static readonly HashSet<string> IntegerFields =
        new(["dimension", "rewardWindowSeconds", "slots", "indices", "periodSeconds", "slotsPerPeriod", "maxIdlePeriods"], StringComparer.Ordinal);

    private static readonly Dictionary<string, string[]> RefusedValues = new(StringComparer.Ordinal)
    {
        ["dimension"] = ["0", "-1", "16777217", "4", "2147483647"],
        ["alpha"] = ["-1", "-0.001", "-1e300"],
        ["epsilon"] = ["1", "1.5", "-0.1"],
        ["ridge"] = ["0", "-1", "-1e-300"],
        ["forgetting"] = ["0", "1.5", "-1"],
        ["policy"] = ["\"linucb\"", "\"\"", "\"recovering-periodic \""],
        ["slots"] = ["0", "-1", "101", "2147483647"],
        ["features"] = ["[]", "[1]", "[1,2]", "[1,2,3,4]", "[1e39,0,0]", "[-1e39,0,0]", "[0,0,3.5e38,3.5e38]"],
        ["itemId"] = HostileJson.BadIdentifiers,
        ["eventId"] = HostileJson.BadIdentifiers,
        ["indices"] = ["-1", "3", "2147483647", "-2147483648"],
        ["sumSquares"] = ["-1", "-1e-300", "1e308"],
        ["impressions"] = ["-1"],
        ["rewardsApplied"] = ["-1"],
    };

    private static readonly string[] BadPathSegments =
    [
        "a b", "é", "💥", "<script>", "'; DROP TABLE surfaces; --", new string('s', 129), new string('s', 5_000), "%", "%00", "a?b=c",
        "..%2F..%2Fetc%2Fpasswd", "\u202e", "a\nb", "*", "$", "a,b", "(", "~", "[0]",
    ];

    public Gen<FuzzRequest> For(string endpoint) => endpoint switch
    {
        "put-surface" => Body(HttpMethod.Put, $"/v1/surfaces/{surface}",
            """{"dimension": 3, "policy": "diag-linucb", "alpha": 0.5, "epsilon": 0.1, "ridge": 1.0, "forgetting": 1.0, "rewardWindowSeconds": 3600, "defaultReward": null}"""),
        "put-item" => Body(HttpMethod.Put, $"/v1/surfaces/{surface}/items/a", """{"active": true}""", allowEmpty: false),
        "post-items-batch" => Body(HttpMethod.Post, $"/v1/surfaces/{surface}/items:batch",
            """{"items": [{"itemId": "a", "active": true}, {"itemId": "b", "active": false}]}"""),
        "rank" => Body(HttpMethod.Post, $"/v1/surfaces/{surface}/rank",
            """{"features": [0.5, 0.25, 1.0], "candidates": ["a", "b", "c"], "exclude": ["c"], "slots": 2, "userId": "u-1", "eventId": "fuzz-client-event", "at": "2026-11-24T12:00:00Z"}"""),
        "post-reward" => Body(HttpMethod.Post, "/v1/rewards",
            $$"""{"eventId": "{{eventId}}", "itemId": "a", "reward": 1.0, "at": "2026-11-24T12:00:00Z"}"""),
        "post-rewards-batch" => Body(HttpMethod.Post, "/v1/rewards:batch",
            $$"""{"rewards": [{"eventId": "{{eventId}}", "itemId": "a", "reward": 1.0}]}"""),
        "put-model" => Body(HttpMethod.Put, $"/v1/surfaces/{surface}/model", modelDocument),
        "get-schedule" => Schedule(),
        "paths" => Paths(),
        _ => throw new ArgumentOutOfRangeException(nameof(endpoint), endpoint, "no fuzzer"),
    };

    private static Gen<FuzzRequest> Body(HttpMethod method, string path, string template, bool allowEmpty = true)
    {
        var mutator = new BodyMutator(template, IntegerFields, RefusedValues);
        var notABody = HostileJson.NotABody.Where(b => allowEmpty || b.Length > 0).ToArray();
        return Gen.Frequency(
            (8, mutator.Invalid.Select(body => new FuzzRequest(method, path, body))),
            (2, Gen.Elements(notABody).Select(body => new FuzzRequest(method, path, body))),
            (1, HostileJson.Garbage.Select(body => new FuzzRequest(method, path, body))),
            // A valid body with the wrong media type must be refused before it is read.
            (1, Gen.Elements("text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data")
                .Select(type => new FuzzRequest(method, path, template, type))));
    }

    private Gen<FuzzRequest> Schedule()
    {
        string[] starts = ["", "-1", "x", "1.5", "9223372036854775807", "9223372036854775808", "-9223372036854775808", "1e3", "%00", "0"];
        string[] counts = ["", "0", "-5", "1001", "x", "2147483648", "1000", "1", "NaN"];
        return from f in Gen.Elements(starts)
               from c in Gen.Elements(counts)
               from onLinear in Gen.Elements(false, false, true)
               select new FuzzRequest(HttpMethod.Get, $"/v1/surfaces/{(onLinear ? surface : periodicSurface)}/schedule?from={f}&count={c}", null);
    }

    private Gen<FuzzRequest> Paths()
    {
        var segment = Gen.Elements(BadPathSegments).Select(Uri.EscapeDataString);
        return from bad in segment
               from shape in Gen.Choose(0, 9)
               select shape switch
               {
                   0 => new FuzzRequest(HttpMethod.Get, $"/v1/surfaces/{bad}", null),
                   1 => new FuzzRequest(HttpMethod.Delete, $"/v1/surfaces/{bad}", null),
                   2 => new FuzzRequest(HttpMethod.Put, $"/v1/surfaces/{bad}", """{"dimension": 2}"""),
                   3 => new FuzzRequest(HttpMethod.Put, $"/v1/surfaces/{surface}/items/{bad}", """{"active": true}"""),
                   4 => new FuzzRequest(HttpMethod.Delete, $"/v1/surfaces/{surface}/items/{bad}", null),
                   5 => new FuzzRequest(HttpMethod.Get, $"/v1/surfaces/{surface}/items/{bad}", null),
                   6 => new FuzzRequest(HttpMethod.Post, $"/v1/surfaces/{bad}/rank", """{"features": [1, 0, 0]}"""),
                   7 => new FuzzRequest(HttpMethod.Post, $"/v1/surfaces/{bad}/snapshots", null),
                   8 => new FuzzRequest(HttpMethod.Put, $"/v1/surfaces/{bad}/model", modelDocument),
                   _ => new FuzzRequest(HttpMethod.Get, $"/v1/surfaces/{bad}/model", null),
               };
    }
}
