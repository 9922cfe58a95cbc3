using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace BanditServe.LoadTests.Targets;

/// <summary>
/// The machine's floor: a bare Kestrel endpoint on 127.0.0.1 that does the unavoidable work of
/// every request (accept, parse the same JSON body, write a response of the same shape) and nothing
/// else. Reports divide the server's figures by this one's, measured the same way on the same machine.
/// </summary>
/// <remarks>
/// <c>…/rank</c> answers a rank-shaped body with <c>slots</c> items (so rank-reward runs against it),
/// <c>/v1/rewards</c> answers 202, everything else 200 <c>{}</c>.
/// </remarks>
public sealed class BaselineServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BaselineServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>Starts the endpoint on 127.0.0.1:<paramref name="port"/> (0 = any free port).</summary>
    public static async Task<BaselineServer> StartAsync(int port, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, port);
        });
        var app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BaselineServer(app, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)));
    }

    private static async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        var cancellationToken = context.RequestAborted;
        JsonDocument? body = null;
        try
        {
            if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
            {
                try
                {
                    body = await JsonDocument.ParseAsync(request.Body, default, cancellationToken);
                }
                catch (JsonException)
                {
                    response.StatusCode = StatusCodes.Status400BadRequest;
                    return;
                }
            }

            var path = request.Path.Value ?? "";
            response.ContentType = "application/json";
            if (HttpMethods.IsPost(request.Method) && path.EndsWith("/rank", StringComparison.Ordinal))
            {
                await WriteRankAsync(response, SlotsOf(body), cancellationToken);
            }
            else if (HttpMethods.IsPost(request.Method) && path.StartsWith("/v1/rewards", StringComparison.Ordinal))
            {
                response.StatusCode = StatusCodes.Status202Accepted;
                await response.WriteAsync("{}", cancellationToken);
            }
            else
            {
                await response.WriteAsync("{}", cancellationToken);
            }
        }
        finally
        {
            body?.Dispose();
        }
    }

    private static int SlotsOf(JsonDocument? body) =>
        body is not null && body.RootElement.ValueKind == JsonValueKind.Object
            && body.RootElement.TryGetProperty("slots", out var slots) && slots.TryGetInt32(out var count)
            ? Math.Clamp(count, 1, 100)
            : 1;

    private static async Task WriteRankAsync(HttpResponse response, int slots, CancellationToken cancellationToken)
    {
        await using (var writer = new Utf8JsonWriter(response.BodyWriter))
        {
            writer.WriteStartObject();
            writer.WriteString("eventId", Guid.CreateVersion7());
            writer.WriteString("surface", "baseline");
            writer.WriteString("policy", "diag-linucb");
            writer.WriteNumber("modelVersion", 0);
            writer.WriteStartArray("items");
            for (var slot = 0; slot < slots; slot++)
            {
                writer.WriteStartObject();
                writer.WriteString("itemId", BaselineItemIds.Get(slot));
                writer.WriteNumber("slot", slot);
                writer.WriteNumber("score", 0.5);
                writer.WriteNumber("propensity", 0.95);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        await response.BodyWriter.FlushAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
