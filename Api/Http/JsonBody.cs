using System.Buffers;
using System.IO.Pipelines;
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
    /// <summary>Reads the body into <typeparamref name="T"/> with the serializer, or answers the problem that names what is wrong.</summary>
    public static async ValueTask<(T? Value, ProblemHttpResult? Problem)> ReadAsync<T>(
        HttpRequest request, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        if (Refuse(request) is { } refused)
        {
            return (null, refused);
        }

        try
        {
            return await DeserializeAsync(request.Body, typeInfo, cancellationToken);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(request));
        }
    }

    /// <summary>
    /// Reads the whole body, tries <paramref name="fastReader"/> on it and otherwise reads it exactly as
    /// <see cref="ReadAsync{T}(HttpRequest, JsonTypeInfo{T}, CancellationToken)"/> does: the fast reader only takes
    /// bodies the serializer would read into the same value.
    /// </summary>
    public static async ValueTask<(T? Value, ProblemHttpResult? Problem)> ReadAsync<T>(
        HttpRequest request, JsonTypeInfo<T> typeInfo, FastJsonReader<T> fastReader, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(fastReader);
        if (Refuse(request) is { } refused)
        {
            return (null, refused);
        }

        byte[] body;
        int length;
        try
        {
            (body, length) = await ReadAllAsync(request.BodyReader, cancellationToken);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(request));
        }

        try
        {
            if (fastReader(body.AsSpan(0, length), out var value) && value is not null)
            {
                return (value, null);
            }

            using var stream = new MemoryStream(body, 0, length, writable: false);
            return await DeserializeAsync(stream, typeInfo, cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(body);
        }
    }

    private static ProblemHttpResult? Refuse(HttpRequest request)
    {
        if (request.ContentLength == 0)
        {
            return ApiProblems.BadRequest("body", "a JSON body is required");
        }

        return request.HasJsonContentType() ? null : ApiProblems.BadRequest("Content-Type", "must be application/json");
    }

    private static ProblemHttpResult TooLarge(HttpRequest request)
    {
        var limit = request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? 0;
        return ApiProblems.PayloadTooLarge(limit);
    }

    private static async ValueTask<(T? Value, ProblemHttpResult? Problem)> DeserializeAsync<T>(
        Stream body, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            var value = await JsonSerializer.DeserializeAsync(body, typeInfo, cancellationToken);
            return value is null
                ? (null, ApiProblems.BadRequest("body", "a JSON object is required, not null"))
                : (value, null);
        }
        catch (JsonException ex)
        {
            var path = string.IsNullOrEmpty(ex.Path) ? "body" : ex.Path;
            return (null, ApiProblems.BadRequest(path, DescribeJsonError(ex)));
        }
    }

    /// <summary>The whole body in a rented array (the caller returns it) and its length; Kestrel's size limit applies while reading.</summary>
    private static async ValueTask<(byte[] Body, int Length)> ReadAllAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (result.IsCompleted || result.IsCanceled)
            {
                var length = checked((int)buffer.Length);
                var body = ArrayPool<byte>.Shared.Rent(Math.Max(1, length));
                buffer.CopyTo(body);
                reader.AdvanceTo(buffer.End);
                return (body, length);
            }

            // Nothing consumed, everything examined: wake when more arrives.
            reader.AdvanceTo(buffer.Start, buffer.End);
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
