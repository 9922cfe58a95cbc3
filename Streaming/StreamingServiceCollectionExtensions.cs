using BanditServe.Streaming.Consuming;
using BanditServe.Streaming.Join;
using BanditServe.Streaming.Kafka;
using BanditServe.Streaming.Publishing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registration of the Streaming module.</summary>
public static class StreamingServiceCollectionExtensions
{
    /// <summary>
    /// Registers Kafka streaming: <see cref="KafkaOptions"/> bound from the <c>Kafka</c> section and
    /// validated at start, the <see cref="KafkaConnection"/> (embedded broker when
    /// <c>Kafka:BootstrapServers</c> is empty), <see cref="DecisionPublisher"/>,
    /// <see cref="RewardPublisher"/>, the singleton <see cref="RewardJoin"/> (for
    /// <see cref="RewardJoin.IsKnownEvent"/>), <see cref="StreamConsumerStatus"/> and the hosted
    /// <see cref="StreamConsumerService"/>.
    /// </summary>
    /// <remarks>
    /// The caller registers the three ports Streaming needs: <see cref="BanditServe.Streaming.Learning.ILearningSink"/>,
    /// <see cref="BanditServe.Streaming.Checkpoints.IStreamCheckpointStore"/> and <see cref="ISurfaceDirectory"/>.
    /// </remarks>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">Configuration holding the <c>Kafka</c> section.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddBanditStreaming(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<KafkaOptions>().Bind(configuration.GetSection(KafkaOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<KafkaOptions>, KafkaOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<KafkaConnection>();
        services.TryAddSingleton<DecisionPublisher>();
        services.TryAddSingleton<RewardPublisher>();
        services.TryAddSingleton<StreamConsumerStatus>();
        services.TryAddSingleton(provider => new RewardJoin(
            provider.GetRequiredService<ISurfaceDirectory>(),
            provider.GetRequiredService<IOptions<KafkaOptions>>().Value.ToJoinOptions()));
        services.TryAddSingleton<StreamConsumerService>();
        services.AddHostedService(provider => provider.GetRequiredService<StreamConsumerService>());
        return services;
    }
}
