using System.Net;
using System.Text.Json;

namespace BanditServe.Api.Tests.Fuzzing;

/// <summary>What every answer to a bad request must be: never a 5xx, always RFC 7807 problem details, never a stack trace.</summary>
public static class ResponseContract
{
    /// <summary>Null when the answer keeps the contract; otherwise what is wrong with it.</summary>
    public static async Task<string?> ViolationAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (body.Contains("   at ", StringComparison.Ordinal) || body.Contains("Exception", StringComparison.Ordinal))
        {
            return $"{status} carries a stack trace or exception name: {Shorten(body)}";
        }

        if (status >= 500)
        {
            return $"server error {status}: {Shorten(body)}";
        }

        if (status < 400)
        {
            return null;
        }

        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"{status} is not problem details (Content-Type {response.Content.Headers.ContentType}): {Shorten(body)}";
        }

        try
        {
            var problem = JsonDocument.Parse(body).RootElement;
            if (!problem.TryGetProperty("status", out var s) || s.GetInt32() != status)
            {
                return $"{status} problem without a matching status: {Shorten(body)}";
            }

            // Every problem this server writes itself names the field; the framework's own (404/405 from routing) have a title.
            return problem.TryGetProperty("title", out var title) && title.GetString() is { Length: > 0 }
                ? null
                : $"{status} problem without a title: {Shorten(body)}";
        }
        catch (JsonException)
        {
            return $"{status} problem body is not JSON: {Shorten(body)}";
        }
    }

    public static bool IsSuccess(HttpResponseMessage response) => response.StatusCode is >= HttpStatusCode.OK and < HttpStatusCode.MultipleChoices;

    private static string Shorten(string body) => body.Length > 400 ? body[..400] + "…" : body;
}
