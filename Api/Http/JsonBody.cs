using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BanditServe.Api.Http;

/// <summary>
/// Reads a JSON request body with the source-generated serializer and turns every way it can be
/// wrong (not JSON, wrong type, NaN, too large) into a problem that names the JSON path.
/// </summary>
/// <remarks>
/// Minimal APIs' implicit body binding answers a bare 400 on malformed JSON; reading the body here
/// lets the detail name the field (<c>$.features[2]</c>) as API.md requires.
/// </remarks>
public static class JsonBody
{
    public static async ValueTask<(T? Value, ProblemHttpResult? Problem)> ReadAsync<T>(
        HttpRequest request, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        if (request.ContentLength == 0)
        {
            return (null, ApiProblems.BadRequest("body", "a JSON body is required"));
        }

        if (!request.HasJsonContentType())
        {
            return (null, ApiProblems.BadRequest("Content-Type", "must be application/json"));
        }

        try
        {
            var value = await JsonSerializer.DeserializeAsync(request.Body, typeInfo, cancellationToken);
            return value is null
                ? (null, ApiProblems.BadRequest("body", "a JSON object is required, not null"))
                : (value, null);
        }
        catch (JsonException ex)
        {
            var path = string.IsNullOrEmpty(ex.Path) ? "body" : ex.Path;
            return (null, ApiProblems.BadRequest(path, DescribeJsonError(ex)));
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            var limit = request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? 0;
            return (null, ApiProblems.PayloadTooLarge(limit));
        }
    }

    private static string DescribeJsonError(JsonException ex)
    {
        // The serializer's messages mention .NET type names; keep only what a client can act on.
        if (ex.InnerException is FormatException or InvalidOperationException)
        {
            return "has the wrong type or is not a finite number";
        }

        return ex.LineNumber is { } line
            ? $"is not valid JSON here (line {line + 1}, byte {ex.BytePositionInLine + 1}) or has the wrong type"
            : "is not valid JSON or has the wrong type";
    }
}
