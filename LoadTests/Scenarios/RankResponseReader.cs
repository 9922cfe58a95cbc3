using System.Text.Json;

namespace BanditServe.LoadTests.Scenarios;

/// <summary>Reads the event id and the shown item ids (in slot order) out of a rank response.</summary>
public static class RankResponseReader
{
    public static (string? EventId, List<string> Items) Read(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        string? eventId = null;
        var items = new List<string>();
        var depth = 0;
        var inItems = false;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    depth++;
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    depth--;
                    if (depth == 1)
                    {
                        inItems = false;
                    }

                    break;
                case JsonTokenType.PropertyName when depth == 1 && reader.ValueTextEquals("eventId"):
                    reader.Read();
                    eventId = reader.GetString();
                    break;
                case JsonTokenType.PropertyName when depth == 1 && reader.ValueTextEquals("items"):
                    inItems = true;
                    break;
                case JsonTokenType.PropertyName when inItems && depth == 3 && reader.ValueTextEquals("itemId"):
                    reader.Read();
                    items.Add(reader.GetString()!);
                    break;
            }
        }

        return (eventId, items);
    }
}
