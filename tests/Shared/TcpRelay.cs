using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace BanditServe.Testing;

/// <summary>
/// A TCP relay in front of a real server (PostgreSQL, a broker) that a test can cut (listener closed, open
/// connections reset) and restore on the same port, as a network partition or a server restart looks to the client.
/// </summary>
/// <remarks>Compiled into each test project that needs it (linked from tests/Shared).</remarks>
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly IPEndPoint target;
    private readonly ConcurrentDictionary<TcpClient, byte> connections = new();
    private TcpListener? listener;
    private Task acceptLoop = Task.CompletedTask;

    public TcpRelay(string targetHost, int targetPort)
    {
        target = new IPEndPoint(IPAddress.Parse(targetHost), targetPort);
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
    }

    public int Port { get; }

    public void Start()
    {
        var started = new TcpListener(IPAddress.Loopback, Port);
        started.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        started.Start();
        listener = started;
        acceptLoop = AcceptAsync(started);
    }

    /// <summary>Refuses new connections and cuts the open ones.</summary>
    public async Task CutAsync()
    {
        listener?.Stop();
        listener = null;
        foreach (var connection in connections.Keys)
        {
            connection.Dispose();
        }

        connections.Clear();
        await acceptLoop;
    }

    public async ValueTask DisposeAsync() => await CutAsync();

    private async Task AcceptAsync(TcpListener accepting)
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await accepting.AcceptTcpClientAsync();
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        var server = new TcpClient();
        connections[client] = 0;
        connections[server] = 0;
        try
        {
            await server.ConnectAsync(target);
            var clientStream = client.GetStream();
            var serverStream = server.GetStream();
            await Task.WhenAny(clientStream.CopyToAsync(serverStream), serverStream.CopyToAsync(clientStream));
        }
        catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // The relay was cut: both ends are closed below.
        }
        finally
        {
            connections.TryRemove(client, out _);
            connections.TryRemove(server, out _);
            client.Dispose();
            server.Dispose();
        }
    }
}
