using System.Net.Http.Headers;

namespace BanditServe.Offline.Cli;

/// <summary>
/// Publishes a warm-start model file into a running server with <c>PUT /v1/surfaces/{surface}/model</c>
/// (API.md "Model snapshots", an admin endpoint, so the request carries <c>X-Api-Key</c>).
/// </summary>
internal static class ModelPublisher
{
    /// <summary>Environment variable read when <c>--api-key</c> is not given.</summary>
    public const string ApiKeyVariable = "BANDITSERVE_API_KEY";

    /// <summary>The model endpoint of <paramref name="surface"/> under the server's base address.</summary>
    public static Uri ModelUri(Uri server, string surface) =>
        new($"{server.AbsoluteUri.TrimEnd('/')}/v1/surfaces/{Uri.EscapeDataString(surface)}/model");

    /// <summary>
    /// PUTs the file's bytes unchanged, so what the server imports is exactly what was written and gated.
    /// Returns null on a 2xx answer, else a message with the status (or transport error) and the answer's body.
    /// </summary>
    public static async Task<string?> PutAsync(Uri modelUri, string modelFile, string? apiKey, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { Timeout = timeout };
        using var content = new ByteArrayContent(await File.ReadAllBytesAsync(modelFile, cancellationToken));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        using var request = new HttpRequestMessage(HttpMethod.Put, modelUri) { Content = content };
        if (!string.IsNullOrEmpty(apiKey))
        {
            request.Headers.Add("X-Api-Key", apiKey);
        }

        try
        {
            using var response = await client.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return null;
            }

            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return $"PUT {modelUri} answered {(int)response.StatusCode} {response.ReasonPhrase}: {Truncate(body)}";
        }
        catch (HttpRequestException ex)
        {
            return $"PUT {modelUri} failed: {ex.Message}";
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"PUT {modelUri} timed out after {timeout.TotalSeconds:0} s.";
        }
    }

    private static string Truncate(string body) => body.Length <= 2000 ? body : body[..2000] + "…";
}
