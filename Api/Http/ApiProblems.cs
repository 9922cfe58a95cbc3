using Microsoft.AspNetCore.Http.HttpResults;

namespace BanditServe.Api.Http;

/// <summary>
/// RFC 7807 problem details for the expected failures of API.md. Every detail starts with the
/// offending field so clients can tell what to fix without parsing prose.
/// </summary>
public static class ApiProblems
{
    public static ProblemHttpResult BadRequest(string field, string message) =>
        Create(StatusCodes.Status400BadRequest, "Invalid request", field, message);

    public static ProblemHttpResult NotFound(string field, string message) =>
        Create(StatusCodes.Status404NotFound, "Not found", field, message);

    public static ProblemHttpResult Conflict(string field, string message) =>
        Create(StatusCodes.Status409Conflict, "Conflict", field, message);

    public static ProblemHttpResult PayloadTooLarge(long limit) =>
        Create(StatusCodes.Status413PayloadTooLarge, "Request body too large", "body", $"the body exceeds the limit of {limit} bytes");

    public static ProblemHttpResult Unavailable(string field, string message) =>
        Create(StatusCodes.Status503ServiceUnavailable, "Service unavailable", field, message);

    /// <summary>A 503 that also tells the client when to retry (<c>Retry-After</c> in whole seconds).</summary>
    public static ProblemHttpResult Unavailable(HttpResponse response, TimeSpan retryAfter, string field, string message)
    {
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Unavailable(field, message);
    }

    public static ProblemHttpResult TooManyRequests() =>
        Create(StatusCodes.Status429TooManyRequests, "Too many requests", "X-Api-Key", "the request rate limit is exceeded; retry later");

    public static ProblemHttpResult Unauthorized(string message) =>
        Create(StatusCodes.Status401Unauthorized, "Unauthorized", "X-Api-Key", message);

    private static ProblemHttpResult Create(int status, string title, string field, string message) =>
        TypedResults.Problem(
            detail: $"{field}: {message}",
            statusCode: status,
            title: title,
            extensions: new Dictionary<string, object?> { ["field"] = field });
}
