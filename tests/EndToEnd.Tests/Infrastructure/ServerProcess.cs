using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace BanditServe.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A real BanditServe server process (the built Api assembly run with <c>dotnet</c>), configured
/// only through environment variables, exactly as an operator would run it.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServerProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
    }

    public int Port { get; }

    /// <summary>The operating-system process id of the server.</summary>
    public int ProcessId => _process.Id;

    public Uri BaseAddress { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts the server and waits until <c>/health/ready</c> answers 200.</summary>
    /// <remarks>
    /// Without a given port the server gets a free one. That port can be taken between <see cref="FreePort"/> and the
    /// server's bind (by another test's listener or an outgoing connection's local port: both draw from the same
    /// ephemeral range), so a start that fails with "address already in use" is tried again on another port.
    /// </remarks>
    public static async Task<ServerProcess> StartAsync(IReadOnlyDictionary<string, string?> environment, int? port = null, string? workingDirectory = null)
    {
        const int Attempts = 3;
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(environment, port ?? FreePort(), workingDirectory);
            }
            catch (InvalidOperationException exception) when (
                port is null && attempt < Attempts && exception.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                // Another port.
            }
        }
    }

    private static async Task<ServerProcess> StartOnceAsync(IReadOnlyDictionary<string, string?> environment, int actualPort, string? workingDirectory)
    {
        var serverDll = ServerAssemblyPath();
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
        };
        info.ArgumentList.Add(serverDll);
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{actualPort}";
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // Many servers start on the test machine; RankPathWarmUpProcessTests runs the shipped warm-up.
        info.Environment["Server__WarmUpSeconds"] = "0";
        foreach (var (key, value) in environment)
        {
            // null takes a variable away, so a test can run the server on a shipped default set above.
            if (value is null)
            {
                info.Environment.Remove(key);
            }
            else
            {
                info.Environment[key] = value;
            }
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the server");
        var server = new ServerProcess(process, actualPort);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await server.WaitReadyAsync(TimeSpan.FromSeconds(60));
        return server;
    }

    /// <summary>The Api's own build output (same configuration as this test assembly), with its runtimeconfig and appsettings.</summary>
    public static string ServerAssemblyPath()
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testBin.Name;
        var configuration = testBin.Parent!.Name;
        var root = testBin;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "BanditServe.slnx")))
        {
            root = root.Parent;
        }

        if (root is null)
        {
            throw new InvalidOperationException("could not find the repository root (BanditServe.slnx) above " + AppContext.BaseDirectory);
        }

        var path = Path.Combine(root.FullName, "Api", "bin", configuration, framework, "BanditServe.Api.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("build the Api project first", path);
    }

    public HttpClient CreateClient(string? apiKey = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        return client;
    }

    public Task WaitReadyAsync(TimeSpan timeout) => Readiness.WaitAsync(BaseAddress, _process, () => Output, "the server", timeout);

    /// <summary>SIGKILL: the process gets no chance to flush or checkpoint.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    /// <summary>SIGTERM and wait: a graceful shutdown.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill!.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        await Task.CompletedTask;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
