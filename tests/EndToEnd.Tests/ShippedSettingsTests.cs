using System.Net;
using BanditServe.EndToEnd.Tests.Infrastructure;

namespace BanditServe.EndToEnd.Tests;

/// <summary>The shipped appsettings.json applies wherever the server is started from; a local one still overrides it.</summary>
public sealed class ShippedSettingsTests
{
    private const string RequestLog = "Request starting HTTP/1.1";

    [Fact]
    public async Task A_server_started_from_another_directory_keeps_the_shipped_log_levels()
    {
        var workingDirectory = Directory.CreateTempSubdirectory("banditserve-settings-").FullName;
        var ct = TestContext.Current.CancellationToken;
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string?>(), workingDirectory: workingDirectory);
        using var client = server.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready", ct)).StatusCode);

        // The shipped file sets Microsoft.AspNetCore to Warning: without it every request is logged. Stopping the
        // process first makes the whole output arrive before the assertion.
        await server.StopAsync();
        Assert.Contains("Application is shutting down", server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(RequestLog, server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_appsettings_file_in_the_working_directory_overrides_the_shipped_one()
    {
        var workingDirectory = Directory.CreateTempSubdirectory("banditserve-settings-").FullName;
        await File.WriteAllTextAsync(
            Path.Combine(workingDirectory, "appsettings.json"),
            // Request lines come from hosting's diagnostics category, which the shipped file switches off by name
            // (docs/operations.md): turning them on means naming it too.
            """{"Logging": {"LogLevel": {"Microsoft.AspNetCore": "Information", "Microsoft.AspNetCore.Hosting.Diagnostics": "Information"}}}""",
            TestContext.Current.CancellationToken);
        var ct = TestContext.Current.CancellationToken;
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string?>(), workingDirectory: workingDirectory);
        using var client = server.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live", ct)).StatusCode);

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!server.Output.Contains(RequestLog, StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, ct);
        }

        Assert.Contains(RequestLog, server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_server_watches_no_files()
    {
        // On Linux a FileSystemWatcher is an inotify instance; the configuration's recursive watcher of the
        // content root used to hold one watch per directory below it and wake on every write there.
        Assert.SkipUnless(OperatingSystem.IsLinux(), "inotify descriptors are read from /proc");
        var workingDirectory = Directory.CreateTempSubdirectory("banditserve-settings-").FullName;
        for (int i = 0; i < 20; i++)
        {
            Directory.CreateDirectory(Path.Combine(workingDirectory, $"sub-{i}"));
        }

        var ct = TestContext.Current.CancellationToken;
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string?>(), workingDirectory: workingDirectory);
        using var client = server.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready", ct)).StatusCode);

        var inotify = Directory.GetFiles($"/proc/{server.ProcessId}/fd")
            .Select(fd => new FileInfo(fd).LinkTarget)
            .Count(target => target is not null && target.Contains("inotify", StringComparison.Ordinal));
        Assert.Equal(0, inotify);
    }
}
