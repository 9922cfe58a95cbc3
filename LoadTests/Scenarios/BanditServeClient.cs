using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BanditServe.LoadTests.Recording;

namespace BanditServe.LoadTests.Scenarios;

/// <summary>The HTTP calls the scenarios make (API.md), over one shared <see cref="HttpClient"/>.</summary>
public sealed class BanditServeClient(HttpClient http, ScenarioSettings settings)
{
    private static readonly MediaTypeHeaderValue s_json = new("application/json");

    public ScenarioSettings Settings { get; } = settings;

    public string RankPath { get; } = $"/v1/surfaces/{Uri.EscapeDataString(settings.Surface)}/rank";

    /// <summary>Creates (or reconfigures) the surface and activates the catalog, in batches.</summary>
    public async Task SetUpSurfaceAsync(CancellationToken cancellationToken)
    {
        var surface = Json(writer =>
        {
            writer.WriteNumber("dimension", Settings.Dimension);
            writer.WriteString("policy", "diag-linucb");
            writer.WriteNumber("alpha", 1.0);
            writer.WriteNumber("epsilon", 0.05);
            writer.WriteNumber("ridge", 1.0);
            writer.WriteNumber("forgetting", 1.0);
            writer.WriteNumber("rewardWindowSeconds", Settings.RewardWindowSeconds);
            writer.WriteNumber("defaultReward", 0.0);
        });
        await EnsureSuccessAsync(HttpMethod.Put, SurfacePath(""), surface, cancellationToken);

        const int batchSize = 10_000;
        for (var first = 0; first < Settings.CatalogSize; first += batchSize)
        {
            var count = Math.Min(batchSize, Settings.CatalogSize - first);
            var batch = Json(writer =>
            {
                writer.WriteStartArray("items");
                for (var index = first; index < first + count; index++)
                {
                    writer.WriteStartObject();
                    writer.WriteString("itemId", CatalogItems.Id(index));
                    writer.WriteBoolean("active", true);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            });
            await EnsureSuccessAsync(HttpMethod.Post, SurfacePath("/items:batch"), batch, cancellationToken);
        }
    }

    /// <summary>Gives <see cref="ScenarioSettings.TrainedShare"/> of the catalog learned statistics: exports the model, fills them in, imports it.</summary>
    public async Task TrainCatalogAsync(CancellationToken cancellationToken)
    {
        var (exported, body) = await SendAsync(HttpMethod.Get, SurfacePath("/model"), null, admin: true, readBody: true, cancellationToken);
        if (exported.StatusCode != 200 || body is null || JsonNode.Parse(body) is not JsonObject document)
        {
            var hint = exported.StatusCode == 401 ? " (give the server's admin key with --admin-key or BANDITSERVE_ADMIN_KEY)" : "";
            throw new InvalidOperationException($"setup GET {SurfacePath("/model")} answered {exported.StatusCode}{hint}: the model could not be exported for --trained-share");
        }

        CatalogTraining.Train(document, Settings.TrainedShare, Settings.Seed);
        await EnsureSuccessAsync(HttpMethod.Put, SurfacePath("/model"), JsonSerializer.SerializeToUtf8Bytes(document), cancellationToken);
    }

    /// <summary>Sends one request; returns its outcome and, when asked, its body.</summary>
    public async Task<(OperationOutcome Outcome, byte[]? Body)> SendAsync(
        HttpMethod method, string path, byte[]? body, bool admin, bool readBody, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Version = System.Net.HttpVersion.Version11 };
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body) { Headers = { ContentType = s_json } };
        }

        var key = admin ? Settings.AdminKey : Settings.ApiKey;
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Api-Key", key);
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var bytes = readBody && response.IsSuccessStatusCode ? await response.Content.ReadAsByteArrayAsync(cancellationToken) : null;
        return (OperationOutcome.FromStatus((int)response.StatusCode), bytes);
    }

    public string SurfacePath(string suffix) => $"/v1/surfaces/{Uri.EscapeDataString(Settings.Surface)}{suffix}";

    public static byte[] RewardBody(string eventId, string itemId, double reward, DateTimeOffset at) => Json(writer =>
    {
        writer.WriteString("eventId", eventId);
        writer.WriteString("itemId", itemId);
        writer.WriteNumber("reward", reward);
        writer.WriteString("at", at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
    });

    public static byte[] Json(Action<Utf8JsonWriter> writeProperties)
    {
        ArgumentNullException.ThrowIfNull(writeProperties);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writeProperties(writer);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private async Task EnsureSuccessAsync(HttpMethod method, string path, byte[] body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new ByteArrayContent(body) { Headers = { ContentType = s_json } } };
        if (Settings.AdminKey is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Api-Key", Settings.AdminKey);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var detail = await response.Content.ReadAsStringAsync(cancellationToken);
            var hint = response.StatusCode switch
            {
                System.Net.HttpStatusCode.Unauthorized => " (give the server's admin key with --admin-key or BANDITSERVE_ADMIN_KEY)",

                // The trained model is imported in one body: about 700 bytes per trained item at d = 32.
                System.Net.HttpStatusCode.RequestEntityTooLarge => $" (the body was {body.Length:N0} bytes; raise the server's Server__MaxRequestBodyBytes or train a smaller share)",
                _ => "",
            };
            throw new InvalidOperationException(
                $"setup {method} {path} answered {(int)response.StatusCode}{hint}: {Truncate(detail)}");
        }
    }

    private static string Truncate(string text) => text.Length <= 400 ? text : text[..400] + "…";

    /// <summary>UTF-8 of a string, for tests and small bodies.</summary>
    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
