using System.Globalization;
using BanditServe.Bandits;
using BanditServe.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace BanditServe.Offline.Cli;

/// <summary>
/// Publishes a gated warm-start model into the server's storage as a model snapshot of its surface
/// (<see cref="IBanditStore.SaveSnapshotAsync"/>), the blob a server's <c>POST /v1/surfaces/{surface}/snapshots</c>
/// writes for a diag-linucb surface (<see cref="SurfaceModel.ToBytes"/>).
/// </summary>
/// <remarks>
/// A checkpoint is not written: it holds the Kafka offsets its models reflect, and a warm start reflects
/// no offset, so writing one would forge them. The snapshot holds only the model.
/// </remarks>
internal static class StoredModelPublisher
{
    /// <summary>The snapshot id, or a message saying why the store refused it (unknown surface, other policy or dimension).</summary>
    public static async Task<(long? SnapshotId, string? Failure)> SaveAsync(
        FileInfo? configFile,
        string surface,
        SurfaceModelSnapshot snapshot,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);

        // Validated and encoded before the store is touched: a model the server could not restore is never written.
        var model = SurfaceModel.Import(snapshot);
        var bytes = model.ToBytes();
        await using var services = StoredFeedbackSource.OpenStore(configFile);
        var store = services.GetRequiredService<IBanditStore>();
        await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
        var record = await store.GetSurfaceAsync(surface, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return (null, $"surface '{surface}' does not exist in the store.");
        }

        if (record.Policy != "diag-linucb")
        {
            return (null, $"surface '{surface}' serves '{record.Policy}', not diag-linucb.");
        }

        if (record.Dimension != model.Dimension)
        {
            return (null, string.Create(CultureInfo.InvariantCulture, $"surface '{surface}' has dimension {record.Dimension}; the model has {model.Dimension}."));
        }

        var id = await store.SaveSnapshotAsync(surface, model.Version, bytes, cancellationToken).ConfigureAwait(false);
        return (id, null);
    }
}
