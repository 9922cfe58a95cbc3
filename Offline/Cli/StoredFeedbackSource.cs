using BanditServe.Offline.StoredLogs;
using BanditServe.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BanditServe.Offline.Cli;

/// <summary>
/// Opens the server's store from the same configuration keys as the server (API.md: <c>Storage:Provider</c>,
/// <c>Storage:SqlitePath</c>, <c>ConnectionStrings:Postgres</c>): appsettings.json in the working
/// directory, then environment variables (<c>Storage__Provider</c>…), then <c>--config FILE</c>.
/// </summary>
internal static class StoredFeedbackSource
{
    public static async Task<StoredFeedbackJoin.JoinResult> ReadAsync(
        FileInfo? configFile,
        string surface,
        DateTimeOffset from,
        DateTimeOffset to,
        JobReporter progress,
        CancellationToken cancellationToken)
    {
        await using var services = OpenStore(configFile);
        var store = services.GetRequiredService<IBanditStore>();
        await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
        var result = await StoredFeedbackJoin.ReadAsync(store, surface, from, to, progress, cancellationToken).ConfigureAwait(false);
        progress.Note($"read {result.Decisions} decisions of surface '{surface}': {result.Feedback.Count} shown items with a learned reward, {result.UnrewardedItems} without");
        return result;
    }

    /// <summary>The storage services of the configuration; dispose them to close the store.</summary>
    public static ServiceProvider OpenStore(FileInfo? configFile)
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(Directory.GetCurrentDirectory())
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables();
        if (configFile is not null)
        {
            configuration.AddJsonFile(configFile.FullName, optional: false);
        }

        return new ServiceCollection().AddBanditStorage(configuration.Build()).BuildServiceProvider();
    }
}
