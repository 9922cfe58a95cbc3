namespace BanditServe.Api.Tests.Fuzzing;

/// <summary>One generated request; <see cref="ToString"/> is what a failing test prints to reproduce it.</summary>
public sealed record FuzzRequest(HttpMethod Method, string Path, string? Body, string? ContentType = "application/json")
{
    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(Method, Path);
        if (Body is not null)
        {
            message.Content = new StringContent(Body, System.Text.Encoding.UTF8);
            message.Content.Headers.ContentType = ContentType is null ? null : new System.Net.Http.Headers.MediaTypeHeaderValue(ContentType);
        }

        return message;
    }

    public override string ToString()
    {
        var body = Body is null ? "(no body)" : Body.Length > 300 ? Body[..300] + $"… ({Body.Length} chars)" : Body;
        return $"{Method} {Path} [{ContentType}] {body}";
    }
}
