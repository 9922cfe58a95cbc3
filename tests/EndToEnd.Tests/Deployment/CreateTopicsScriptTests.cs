using System.Diagnostics;

namespace BanditServe.EndToEnd.Tests.Deployment;

/// <summary>docs/deployment/kafka/create-topics.sh, run by sh with a recording stand-in for kafka-topics.sh.</summary>
public sealed class CreateTopicsScriptTests
{
    [Fact]
    public async Task Script_creates_each_compose_topic_idempotently_with_the_compose_layout()
    {
        // Arrange: the kafka-init environment from docker-compose.yml, and a kafka-topics.sh that records its arguments.
        var bin = Directory.CreateTempSubdirectory("banditserve-kafka-bin-").FullName;
        var record = Path.Combine(bin, "calls.txt");
        var fake = Path.Combine(bin, "kafka-topics.sh");
        await File.WriteAllTextAsync(fake, $"#!/bin/sh\necho \"$*\" >> '{record}'\n", TestContext.Current.CancellationToken);
        Assert.False(OperatingSystem.IsWindows(), "the script runs under sh");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var init = DeploymentFiles.ComposeFile["kafka-init"];
        Assert.Equal(["sh", "/usr/local/bin/create-topics.sh"], init.Entrypoint);
        Assert.Contains(init.Volumes, v => v.StartsWith("./docs/deployment/kafka/create-topics.sh:/usr/local/bin/create-topics.sh", StringComparison.Ordinal));

        var info = new ProcessStartInfo("sh", [RepositoryFiles.PathOf("docs/deployment/kafka/create-topics.sh")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in init.Environment)
        {
            info.Environment[key] = value;
        }

        info.Environment["KAFKA_BIN"] = bin;

        // Act
        using var process = Process.Start(info)!;
        var stderr = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        var calls = await File.ReadAllLinesAsync(record, TestContext.Current.CancellationToken);

        // Assert
        Assert.True(process.ExitCode == 0, stderr);
        var topics = init.Environment["TOPICS"].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var env = init.Environment;
        Assert.Equal(
            topics.Select(t => $"--bootstrap-server {env["BOOTSTRAP_SERVERS"]} --create --if-not-exists --topic {t} --partitions {env["TOPIC_PARTITIONS"]} --replication-factor {env["TOPIC_REPLICATION_FACTOR"]} --config min.insync.replicas={env["TOPIC_MIN_INSYNC_REPLICAS"]}")
                .Concat(topics.Select(t => $"--bootstrap-server {env["BOOTSTRAP_SERVERS"]} --describe --topic {t}")),
            calls);
    }

    [Fact]
    public async Task Script_refuses_to_run_without_a_layout()
    {
        // Arrange
        var info = new ProcessStartInfo("sh", [RepositoryFiles.PathOf("docs/deployment/kafka/create-topics.sh")]) { RedirectStandardError = true };
        info.Environment["BOOTSTRAP_SERVERS"] = "kafka-1:19092";
        info.Environment["TOPICS"] = "a b";
        info.Environment["KAFKA_BIN"] = "/nonexistent";

        // Act
        using var process = Process.Start(info)!;
        var stderr = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        // Assert: it stops before calling Kafka, naming the missing setting.
        Assert.NotEqual(0, process.ExitCode);
        Assert.Contains("TOPIC_PARTITIONS", stderr, StringComparison.Ordinal);
    }
}
