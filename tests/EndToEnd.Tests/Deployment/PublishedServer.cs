using System.Diagnostics;
using System.Text;
using BanditServe.EndToEnd.Tests.Infrastructure;

namespace BanditServe.EndToEnd.Tests.Deployment;

/// <summary>
/// The published server (the folder the Dockerfile copies into the runtime image) run as the
/// container would run it: <c>dotnet BanditServe.Api.dll</c> from the publish folder, with the
/// container's environment and nothing of the test process's configuration.
/// </summary>
public sealed class PublishedServer : IAsyncDisposable
{
    /// <summary>What a process needs to find the runtime; everything else comes from the container's environment.</summary>
    private static readonly string[] RuntimeVariables = ["PATH", "HOME", "TMPDIR", "DOTNET_ROOT", "DOTNET_ROOT_X64"];

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private PublishedServer(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

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

    /// <summary>
    /// <c>dotnet publish Api</c> into <paramref name="outputDirectory"/>, reusing the Api build this test
    /// assembly was built against (<c>--no-build</c>, same configuration) so it takes seconds, not minutes.
    /// </summary>
    public static async Task PublishAsync(string outputDirectory, CancellationToken cancellationToken)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var info = new ProcessStartInfo("dotnet",
            ["publish", RepositoryFiles.PathOf("Api/Api.csproj"), "-c", configuration, "--no-build", "-o", outputDirectory, "-p:UseAppHost=false", "-nologo", "-v", "q"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryFiles.Root,
        };
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
        }
    }

    /// <summary>Starts <c>dotnet BanditServe.Api.dll</c> in <paramref name="publishDirectory"/> and waits for <c>/health/ready</c>.</summary>
    public static async Task<PublishedServer> StartAsync(string publishDirectory, string entryAssembly, IReadOnlyDictionary<string, string> environment, Uri baseAddress)
    {
        var info = new ProcessStartInfo("dotnet", [entryAssembly])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = publishDirectory,
        };
        foreach (var name in info.Environment.Keys.Where(k => !RuntimeVariables.Contains(k)).ToList())
        {
            info.Environment.Remove(name);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the published server");
        var server = new PublishedServer(process, baseAddress);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await server.WaitReadyAsync(TimeSpan.FromSeconds(60));
        return server;
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

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private Task WaitReadyAsync(TimeSpan timeout) => Readiness.WaitAsync(BaseAddress, _process, () => Output, "the published server", timeout);

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
