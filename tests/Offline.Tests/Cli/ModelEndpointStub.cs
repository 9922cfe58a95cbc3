using System.Net;
using System.Net.Sockets;

namespace BanditServe.Offline.Tests.Cli;

/// <summary>
/// A loopback HTTP server that answers every request with a fixed status and records what it got,
/// standing in for the server's model endpoint (whose import is tested in the Api tests).
/// </summary>
public sealed class ModelEndpointStub : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly Task serving;

    public ModelEndpointStub(HttpStatusCode answer)
    {
        // A free port from the OS; HttpListener cannot bind port 0 itself.
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
        }

        BaseAddress = new Uri($"http://127.0.0.1:{Port}/");
        listener.Prefixes.Add(BaseAddress.AbsoluteUri);
        listener.Start();
        serving = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                Requests.Add(new RecordedHttpRequest(
                    context.Request.HttpMethod,
                    context.Request.Url!.AbsolutePath,
                    context.Request.Headers["X-Api-Key"],
                    context.Request.ContentType,
                    body.ToArray()));
                context.Response.StatusCode = (int)answer;
                var reply = answer == HttpStatusCode.OK ? "{\"modelVersion\":1}"u8.ToArray() : "{\"title\":\"rejected by the stub\"}"u8.ToArray();
                await context.Response.OutputStream.WriteAsync(reply);
                context.Response.Close();
            }
        });
    }

    public int Port { get; }

    public Uri BaseAddress { get; }

    /// <summary>Requests in arrival order; each is added before its answer is sent.</summary>
    public List<RecordedHttpRequest> Requests { get; } = [];

    public void Dispose()
    {
        listener.Stop();
        listener.Close();
        _ = serving.Wait(TimeSpan.FromSeconds(5));
    }
}
