using System.Text.Json;

namespace BanditServe.LoadTests.Scenarios;

/// <summary>
/// Rank request bodies, serialized once before the run: <c>{"features":[…],"slots":k}</c> with
/// dense contexts drawn from a fixed seed (one-hot-ish user segments plus noise, all finite).
/// </summary>
public sealed class RankBodies
{
    private readonly byte[][] _bodies;

    public RankBodies(ScenarioSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var random = new Random(settings.Seed);
        _bodies = new byte[settings.Contexts][];
        for (var context = 0; context < _bodies.Length; context++)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteStartArray("features");
                var segment = random.Next(settings.Dimension);
                for (var coordinate = 0; coordinate < settings.Dimension; coordinate++)
                {
                    var value = coordinate == segment ? 1.0 : (random.NextDouble() - 0.5) * 0.2;
                    writer.WriteNumberValue(Math.Round(value, 4));
                }

                writer.WriteEndArray();
                writer.WriteNumber("slots", settings.Slots);
                writer.WriteEndObject();
            }

            _bodies[context] = buffer.ToArray();
        }
    }

    public int Count => _bodies.Length;

    public byte[] For(long sequence) => _bodies[sequence % _bodies.Length];
}
