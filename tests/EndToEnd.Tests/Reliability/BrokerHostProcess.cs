using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using BanditServe.EndToEnd.Tests.Infrastructure;

namespace BanditServe.EndToEnd.Tests.Reliability;

/// <summary>
/// A Kafka broker in a separate process that a test can stop and resume: a BanditServe server on
/// embedded defaults hosts Confluent's mock cluster, and its address (logged at start) is the
/// bootstrap address of the server under test. SIGSTOP freezes the broker with its log intact (a
/// hung broker or a partition, as clients see it); SIGCONT brings it back with nothing lost.
/// </summary>
public sealed partial class BrokerHostProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _directory;

    private BrokerHostProcess(Process process, string directory)
    {
        _process = process;
        _directory = directory;
    }

    public string BootstrapServers { get; private set; } = "";

    public static async Task<BrokerHostProcess> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("banditserve-broker-host-").FullName;
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        info.ArgumentList.Add(ServerProcess.ServerAssemblyPath());
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{ServerProcess.FreePort()}";
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["Storage__SqlitePath"] = Path.Combine(directory, "broker-host.db");
        info.Environment["Kafka__BootstrapServers"] = "";
        info.Environment["Auth__AdminKeys__0"] = "broker-host-admin-key";
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the broker host");
        var host = new BrokerHostProcess(process, directory);
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (host.BootstrapServers.Length == 0)
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                host.Dispose();
                throw new InvalidOperationException("the broker host did not log its embedded broker address:\n" + host.Output);
            }

            if (EmbeddedAddress().Match(host.Output) is { Success: true } match)
            {
                host.BootstrapServers = match.Groups[1].Value;
            }

            await Task.Delay(100);
        }

        return host;
    }

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

    /// <summary>SIGSTOP: the broker stops answering; its connections stay open and its data stays.</summary>
    public Task PauseAsync() => SignalAsync("-STOP");

    /// <summary>SIGCONT: the broker answers again, with everything it had.</summary>
    public Task ResumeAsync() => SignalAsync("-CONT");

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Harmless temp directory.
        }
    }

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", [signal, _process.Id.ToString(CultureInfo.InvariantCulture)])!;
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    [GeneratedRegex(@"embedded in-process broker at ([^;\s]+);")]
    private static partial Regex EmbeddedAddress();
}
