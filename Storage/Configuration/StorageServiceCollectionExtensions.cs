using BanditServe.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers BanditServe storage in a host.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IBanditStore"/> (SQLite or PostgreSQL per <c>Storage:Provider</c>), <see cref="IStorageHealth"/>,
    /// the <see cref="DecisionLogWriter"/> and <see cref="RewardLogWriter"/>, and the hosted services that migrate the
    /// schema, run the log writers and purge old logs.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration holding the <c>Storage</c> section and <c>ConnectionStrings:Postgres</c>.</param>
    /// <returns>The same service collection.</returns>
    /// <remarks>
    /// <see cref="StorageOptions"/> are validated when the host starts, so a bad setting fails the boot and names itself.
    /// With <c>postgres</c>, one <see cref="NpgsqlDataSource"/> is registered for the process (and may be reused by others).
    /// </remarks>
    public static IServiceCollection AddBanditStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.SectionName))
            .PostConfigure(options => options.PostgresConnectionString ??= configuration.GetConnectionString("Postgres"))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        services.TryAddSingleton(provider =>
            NpgsqlDataSource.Create(provider.GetRequiredService<IOptions<StorageOptions>>().Value.PostgresConnectionString!));
        services.TryAddSingleton<IBanditStore>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<StorageOptions>>();
            return options.Value.Provider == StorageOptions.PostgresProvider
                ? new PostgresBanditStore(provider.GetRequiredService<NpgsqlDataSource>(), options)
                : new SqliteBanditStore(options);
        });

        services.TryAddSingleton<StorageHealth>();
        services.TryAddSingleton<IStorageHealth>(provider => provider.GetRequiredService<StorageHealth>());
        services.TryAddSingleton<DecisionLogWriter>();
        services.TryAddSingleton<RewardLogWriter>();
        services.AddHostedService<StorageMigrationService>();
        services.AddHostedService<LogWriterService>();
        services.AddHostedService<RetentionService>();
        return services;
    }
}
