using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;

namespace BanditServe.Api.Tests.Fuzzing;

/// <summary>
/// Turns a valid request body into generated invalid ones: one value somewhere in the tree is
/// replaced by a fragment that is wrong for its kind (or by a value the contract refuses), and
/// optionally another property is dropped and unknown properties are added. Because exactly the
/// replaced value is wrong and nothing else makes it right again, every generated body is invalid.
/// </summary>
/// <param name="template">A valid body of the endpoint.</param>
/// <param name="integerFields">Property names (or array names, for their elements) that hold integers.</param>
/// <param name="refusedValues">Per property name (or array name, for elements): well-typed values the contract refuses.</param>
public sealed class BodyMutator(string template, IReadOnlySet<string> integerFields, IReadOnlyDictionary<string, string[]> refusedValues)
{
    private const string Marker = "__hostile_fragment_7f3a__";

    private readonly List<(string[] Path, JsonKind Kind, string? Name)> _slots = Slots(template, integerFields);

    /// <summary>Valid template, one hostile value, maybe a dropped property, maybe extra properties.</summary>
    public Gen<string> Invalid =>
        from slot in Gen.Elements(_slots.ToArray())
        from fragment in Fragment(slot.Kind, slot.Name)
        from dropOther in Gen.Elements(true, false, false)
        from dropIndex in Gen.Choose(0, 1_000)
        from extra in Gen.Elements(
            "",
            ",\"unexpected\":1",
            ",\"__proto__\":{\"admin\":true}",
            ",\"dimension\":{\"$ne\":null},\"zzz\":[[[[]]]]",
            ",\"" + new string('k', 2_000) + "\":\"v\"")
        select Render(slot.Path, fragment, dropOther ? dropIndex : null, extra);

    private Gen<string> Fragment(JsonKind kind, string? name) =>
        name is not null && refusedValues.TryGetValue(name, out var refused)
            ? Gen.Frequency((2, HostileJson.For(kind)), (1, Gen.Elements(refused)))
            : HostileJson.For(kind);

    private string Render(string[] path, string fragment, int? dropIndex, string extra)
    {
        var root = JsonNode.Parse(template)!.AsObject();
        JsonNode parent = root;
        for (var i = 0; i < path.Length - 1; i++)
        {
            parent = Child(parent, path[i])!;
        }

        var last = path[^1];
        if (parent is JsonObject obj)
        {
            obj[last] = JsonValue.Create(Marker);
            if (dropIndex is { } drop && obj.Count > 1)
            {
                var others = obj.Select(p => p.Key).Where(k => k != last).ToList();
                obj.Remove(others[drop % others.Count]);
            }
        }
        else
        {
            ((JsonArray)parent)[int.Parse(last, System.Globalization.CultureInfo.InvariantCulture)] = JsonValue.Create(Marker);
        }

        var text = root.ToJsonString();
        text = text.Replace("\"" + Marker + "\"", fragment, StringComparison.Ordinal);
        return extra.Length == 0 ? text : text[..^1] + extra + "}";
    }

    private static JsonNode? Child(JsonNode node, string step) =>
        node is JsonArray array ? array[int.Parse(step, System.Globalization.CultureInfo.InvariantCulture)] : node[step];

    private static List<(string[] Path, JsonKind Kind, string? Name)> Slots(string template, IReadOnlySet<string> integerFields)
    {
        var slots = new List<(string[], JsonKind, string?)>();
        void Walk(JsonNode? node, List<string> path, string? name)
        {
            if (path.Count > 0)
            {
                slots.Add(([.. path], KindOf(node, name, integerFields), name));
            }

            switch (node)
            {
                case JsonObject obj:
                    foreach (var (key, value) in obj)
                    {
                        Walk(value, [.. path, key], key);
                    }

                    break;
                case JsonArray array:
                    for (var i = 0; i < array.Count; i++)
                    {
                        // Elements share their array's name: "indices" elements are integers, "sumSquares" elements numbers.
                        Walk(array[i], [.. path, i.ToString(System.Globalization.CultureInfo.InvariantCulture)], name);
                    }

                    break;
            }
        }

        Walk(JsonNode.Parse(template), [], null);
        return slots;
    }

    private static JsonKind KindOf(JsonNode? node, string? name, IReadOnlySet<string> integerFields) => node switch
    {
        JsonObject => JsonKind.Object,
        JsonArray => JsonKind.Array,
        JsonValue value when value.GetValueKind() == JsonValueKind.String =>
            name is "at" or "lastShownAt" ? JsonKind.Time : JsonKind.String,
        JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False => JsonKind.Boolean,
        _ => name is not null && integerFields.Contains(name) ? JsonKind.Integer : JsonKind.Number,
    };
}
