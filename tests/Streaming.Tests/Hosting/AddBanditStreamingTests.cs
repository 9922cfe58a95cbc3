using BanditServe.Streaming.Checkpoints;
using BanditServe.Streaming.Consuming;
using BanditServe.Streaming.Join;
using BanditServe.Streaming.Kafka;
using BanditServe.Streaming.Learning;
using BanditServe.Streaming.Publishing;
using BanditServe.Streaming.Tests.Consuming;
using BanditServe.Streaming.Tests.Join;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BanditServe.Streaming.Tests.Hosting;

public sealed class AddBanditStreamingTests
{
    private static IHost BuildHost(Dictionary<string, string?> settings, RecordingLearningSink sink)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton<ILearningSink>(sink);
        builder.Services.AddSingleton<IStreamCheckpointStore, InMemoryCheckpointStore>();
        builder.Services.AddSingleton<ISurfaceDirectory>(new FixedSurfaceDirectory(new() { ["home"] = new SurfaceJoinSettings(TimeSpan.FromSeconds(30), null) }));
        builder.Services.AddBanditStreaming(builder.Configuration);
        return builder.Build();
    }

    [Fact]
    public async Task Host_with_empty_bootstrap_servers_runs_on_the_embedded_broker_end_to_end()
    {
        var ct = TestContext.Current.CancellationToken;
        var sink = new RecordingLearningSink();
        using var host = BuildHost(new() { ["Kafka:BootstrapServers"] = "", ["Kafka:DecisionsTopic"] = "custom.decisions", ["Kafka:FetchWaitMaxMilliseconds"] = "20" }, sink);

        await host.StartAsync(ct);
        var status = host.Services.GetRequiredService<StreamConsumerStatus>();
        var join = host.Services.GetRequiredService<RewardJoin>();
        await StreamingHarness.WaitUntilAsync(() => status.IsReady, "the consumer to be ready", ct);
        Assert.True(host.Services.GetRequiredService<KafkaConnection>().IsEmbedded);
        host.Services.GetRequiredService<DecisionPublisher>().Publish(StreamingHarness.Decision("h1", "home", "a"));
        await StreamingHarness.WaitUntilAsync(() => join.IsKnownEvent("h1"), "the decision", ct);
        await host.Services.GetRequiredService<RewardPublisher>().PublishAsync(StreamingHarness.Reward("h1", "a", 1.0), ct);
        await StreamingHarness.WaitUntilAsync(() => sink.Learned.Count == 1, "the reward", ct);
        await host.StopAsync(ct);

        Assert.Equal(["h1/a=1"], sink.Learned);
        Assert.False(join.IsKnownEvent("unknown"));
        var checkpoint = await host.Services.GetRequiredService<IStreamCheckpointStore>().LoadLatestAsync(ct);
        Assert.NotNull(checkpoint);
        Assert.Contains(checkpoint.Offsets, offset => offset.Topic == "custom.decisions");
    }

    [Fact]
    public async Task Invalid_kafka_settings_stop_the_host_at_start_naming_the_key()
    {
        var ct = TestContext.Current.CancellationToken;
        using var host = BuildHost(new() { ["Kafka:CheckpointIntervalSeconds"] = "0", ["Kafka:RewardsTopic"] = "banditserve.decisions" }, new RecordingLearningSink());

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(ct));

        Assert.Contains("Kafka:CheckpointIntervalSeconds", error.Message, StringComparison.Ordinal);
        Assert.Contains("must differ", error.Message, StringComparison.Ordinal);
    }
}
