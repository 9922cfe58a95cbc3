using System.Text.Json;
using BanditServe.Api.Http;
using BanditServe.Api.Json;
using BanditServe.Api.Scoring;
using BanditServe.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BanditServe.Api.Surfaces;

/// <summary>
/// Creates, changes and deletes surfaces, their items and their models: storage first (the durable
/// catalog), then the live model. Admin calls are rare, so every one of them (and the catalog sync)
/// is serialized through one gate: a call resolves the live surface under the gate, so it can never
/// land in a runtime that a concurrent replace or delete has swapped out. Rank never waits for it.
/// </summary>
public sealed partial class SurfaceAdministration(SurfaceRegistry registry, IBanditStore store, TimeProvider time, ScoringBackendFactory scoring)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public sealed record PutOutcome(SurfaceRuntime? Runtime, bool Created, ProblemHttpResult? Problem);

    /// <summary>The live surface an admin call changed, or why it changed nothing.</summary>
    public sealed record ChangeOutcome(SurfaceRuntime? Runtime, ProblemHttpResult? Problem);

    public async Task<PutOutcome> PutSurfaceAsync(string surface, SurfaceSettings settings, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            if (registry.TryGet(surface, out var existing))
            {
                var old = existing.Settings;
                var hasData = existing.ItemCount > 0 || existing.Decisions > 0 || existing.RewardsApplied > 0;
                var conflict = ShapeChange(old, settings);
                if (conflict is not null && hasData)
                {
                    return new PutOutcome(null, false, ApiProblems.Conflict(conflict, "cannot change once the surface has data; create a new surface"));
                }

                await store.UpsertSurfaceAsync(ToRecord(surface, settings, now), cancellationToken);
                if (conflict is not null)
                {
                    var replaced = CreateRuntime(surface, settings);
                    registry.Set(replaced);
                    return new PutOutcome(replaced, false, null);
                }

                lock (existing.WriteLock)
                {
                    existing.UpdateSettings(settings);
                }

                return new PutOutcome(existing, false, null);
            }

            await store.UpsertSurfaceAsync(ToRecord(surface, settings, now), cancellationToken);
            var runtime = CreateRuntime(surface, settings);
            registry.Set(runtime);
            return new PutOutcome(runtime, true, null);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<bool> DeleteSurfaceAsync(string surface, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var existed = registry.TryGet(surface, out var removed) && registry.Remove(surface);
            removed?.Release();
            existed |= await store.DeleteSurfaceAsync(surface, cancellationToken);
            return existed;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Adds, activates or deactivates items of the surface live now: durable first, then visible to rank.</summary>
    public async Task<ChangeOutcome> UpsertItemsAsync(string surface, IReadOnlyList<(string ItemId, bool Active)> changes, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!registry.TryGet(surface, out var runtime))
            {
                return new ChangeOutcome(null, SurfaceNotFound(surface));
            }

            return await WriteItemsAsync(runtime, changes, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Deactivates a known item of the surface live now (its statistics are kept).</summary>
    public async Task<ChangeOutcome> DeactivateItemAsync(string surface, string itemId, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!registry.TryGet(surface, out var runtime))
            {
                return new ChangeOutcome(null, SurfaceNotFound(surface));
            }

            if (!ItemViews.Contains(runtime, itemId))
            {
                return new ChangeOutcome(null, ApiProblems.NotFound("itemId", $"item '{itemId}' does not exist on surface '{surface}'"));
            }

            return await WriteItemsAsync(runtime, [(itemId, false)], cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Writes item changes to storage, then to the live model; the caller holds the gate.</summary>
    private async Task<ChangeOutcome> WriteItemsAsync(SurfaceRuntime runtime, IReadOnlyList<(string ItemId, bool Active)> changes, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var records = new ItemRecord[changes.Count];
        for (var i = 0; i < changes.Count; i++)
        {
            records[i] = new ItemRecord(runtime.Id, changes[i].ItemId, changes[i].Active, now, now);
        }

        try
        {
            if (records.Length == 1)
            {
                await store.UpsertItemAsync(records[0], cancellationToken);
            }
            else
            {
                await store.UpsertItemsAsync(runtime.Id, records, cancellationToken);
            }
        }
        catch (UnknownSurfaceException)
        {
            // Another replica deleted the surface; the catalog sync removes it here on its next tick.
            return new ChangeOutcome(null, SurfaceNotFound(runtime.Id));
        }

        lock (runtime.WriteLock)
        {
            foreach (var (itemId, active) in changes)
            {
                ApplyItem(runtime, itemId, active);
            }
        }

        return new ChangeOutcome(runtime, null);
    }

    /// <summary>
    /// Brings the registry in line with the catalog in storage: surfaces created, changed or deleted
    /// and items changed since <paramref name="itemsChangedSince"/> by other replicas.
    /// </summary>
    /// <returns>How many surfaces and items changed here.</returns>
    public async Task<int> SyncFromStoreAsync(DateTimeOffset itemsChangedSince, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var changes = 0;
            var records = await store.ListSurfacesAsync(cancellationToken);
            var stored = new HashSet<string>(StringComparer.Ordinal);
            foreach (var record in records)
            {
                stored.Add(record.Surface);
                if ((await ApplySurfaceRecordAsync(record, cancellationToken)).Changed)
                {
                    changes++;
                }
            }

            foreach (var runtime in registry.All())
            {
                if (!stored.Contains(runtime.Id))
                {
                    registry.Remove(runtime.Id);
                    runtime.Release();
                    changes++;
                }
            }

            foreach (var item in await store.ListItemsChangedSinceAsync(itemsChangedSince, cancellationToken))
            {
                if (registry.TryGet(item.Surface, out var runtime)
                    && (!runtime.Catalog.TryGetValue(item.ItemId, out var active) || active != item.Active))
                {
                    lock (runtime.WriteLock)
                    {
                        ApplyItem(runtime, item.ItemId, item.Active);
                    }

                    changes++;
                }
            }

            return changes;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Brings one surface in line with the catalog in storage (its configuration and all its items): the stream
    /// consumer calls it for a decision that another replica made on a surface or item this one does not know yet,
    /// rather than wait for the next catalog sync. A surface storage does not have is removed here too.
    /// </summary>
    /// <returns>How many surfaces and items changed here.</returns>
    public async Task<int> RefreshSurfaceFromStoreAsync(string surface, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var record = await store.GetSurfaceAsync(surface, cancellationToken);
            if (record is null)
            {
                if (registry.TryGet(surface, out var deleted) && registry.Remove(surface))
                {
                    deleted.Release();
                    return 1;
                }

                return 0;
            }

            var (changed, loaded) = await ApplySurfaceRecordAsync(record, cancellationToken);
            var changes = changed ? 1 : 0;
            if (loaded || !registry.TryGet(surface, out var runtime))
            {
                // A freshly loaded runtime already has every stored item.
                return changes;
            }

            foreach (var item in await store.ListItemsAsync(surface, cancellationToken))
            {
                if (!runtime.Catalog.TryGetValue(item.ItemId, out var active) || active != item.Active)
                {
                    lock (runtime.WriteLock)
                    {
                        ApplyItem(runtime, item.ItemId, item.Active);
                    }

                    changes++;
                }
            }

            return changes;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Brings the live surface in line with its stored configuration; the caller holds the gate.</summary>
    /// <returns>Whether anything changed, and whether the runtime was (re)loaded from storage with its items.</returns>
    private async Task<(bool Changed, bool Loaded)> ApplySurfaceRecordAsync(SurfaceRecord record, CancellationToken cancellationToken)
    {
        var settings = FromRecord(record);
        if (!registry.TryGet(record.Surface, out var runtime))
        {
            registry.Set(await LoadRuntimeAsync(record, cancellationToken));
            return (true, true);
        }

        if (runtime.Settings == settings)
        {
            return (false, false);
        }

        if (ShapeChange(runtime.Settings, settings) is null)
        {
            lock (runtime.WriteLock)
            {
                runtime.UpdateSettings(settings);
            }

            return (true, false);
        }

        registry.Set(await LoadRuntimeAsync(record, cancellationToken));
        runtime.Release();
        return (true, true);
    }

    /// <summary>Applies one catalog entry to the live model (caller holds the write lock).</summary>
    public static void ApplyItem(SurfaceRuntime runtime, string itemId, bool active)
    {
        runtime.Catalog[itemId] = active;
        if (runtime.Linear is { } linear)
        {
            if (active)
            {
                linear.UpsertItem(itemId, true);
            }
            else if (!linear.DeactivateItem(itemId))
            {
                // Deactivating an unknown id records it inactive, so the catalog and the model agree.
                linear.UpsertItem(itemId, false);
            }
        }
        else if (runtime.Periodic is { } periodic)
        {
            if (active)
            {
                periodic.UpsertItem(itemId, true);
            }
            else if (!periodic.DeactivateItem(itemId))
            {
                periodic.UpsertItem(itemId, false);
            }
        }
    }

    /// <summary>A live surface built from its stored configuration and items, models at the prior.</summary>
    public async Task<SurfaceRuntime> LoadRuntimeAsync(SurfaceRecord record, CancellationToken cancellationToken)
    {
        var runtime = CreateRuntime(record.Surface, FromRecord(record));
        foreach (var item in await store.ListItemsAsync(record.Surface, cancellationToken))
        {
            ApplyItem(runtime, item.ItemId, item.Active);
        }

        return runtime;
    }

    /// <summary>
    /// Re-applies the catalog to a model that was just replaced (checkpoint restore, import): the catalog
    /// decides which items exist and are active; the replaced model brings only statistics. Caller holds the write lock.
    /// </summary>
    public static void ReapplyCatalog(SurfaceRuntime runtime)
    {
        foreach (var (itemId, active) in runtime.Catalog.ToArray())
        {
            ApplyItem(runtime, itemId, active);
        }
    }

    private static ProblemHttpResult SurfaceNotFound(string surface) =>
        ApiProblems.NotFound("surface", $"surface '{surface}' does not exist");

    /// <summary>A new live surface at the prior, scored on the configured backend.</summary>
    public SurfaceRuntime CreateRuntime(string surface, SurfaceSettings settings) =>
        new(surface, settings, SeedFor(surface), scoring);

    /// <summary>The first field whose change would invalidate learned statistics, or null.</summary>
    /// <remarks>allowClientClock only decides which clock rank reads, so it may change on a surface with data.</remarks>
    private static string? ShapeChange(SurfaceSettings old, SurfaceSettings next) =>
        old.Policy != next.Policy ? "policy"
        : old.Dimension != next.Dimension ? "dimension"
        : WithoutClock(old.Recovery) != WithoutClock(next.Recovery) ? "recovery"
        : null;

    private static RecoverySettings? WithoutClock(RecoverySettings? recovery) => recovery is null ? null : recovery with { AllowClientClock = false };

    /// <summary>A per-surface seed that is stable across processes, so the periodic plan is the same on every replica.</summary>
    public static ulong SeedFor(string surface) =>
        BanditServe.Bandits.MurmurHash3.Hash32(System.Text.Encoding.UTF8.GetBytes(surface)) | (1UL << 40);

    public static SurfaceRecord ToRecord(string surface, SurfaceSettings s, DateTimeOffset now) =>
        new(surface, s.Dimension ?? 0, s.Policy, s.Alpha, s.Epsilon, s.Ridge, s.Forgetting, s.RewardWindowSeconds, s.DefaultReward,
            s.Recovery is { } r ? JsonSerializer.Serialize(r, ApiJsonContext.Default.RecoverySettings) : null,
            now, now);

    public static SurfaceSettings FromRecord(SurfaceRecord r) =>
        new(r.Policy == SurfacePolicies.RecoveringPeriodic ? null : r.Dimension, r.Policy, r.Alpha, r.Epsilon, r.Ridge, r.Forgetting,
            r.RewardWindowSeconds, r.DefaultReward,
            r.RecoveryJson is { } json ? JsonSerializer.Deserialize(json, ApiJsonContext.Default.RecoverySettings) : null);
}
