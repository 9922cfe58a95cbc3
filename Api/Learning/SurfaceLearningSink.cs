using System.Text;
using BanditServe.Api.Dashboard.Explanations;
using BanditServe.Api.Observability;
using BanditServe.Api.Surfaces;
using BanditServe.Bandits;
using BanditServe.Bandits.Recovering;
using BanditServe.Storage;
using BanditServe.Streaming.Join;
using BanditServe.Streaming.Learning;

namespace BanditServe.Api.Learning;

/// <summary>
/// Applies the reward join's examples to the live models, logs them to storage, and captures and
/// restores every surface's model for the consumer's checkpoints (model + offsets + join state in
/// one storage transaction).
/// </summary>
public sealed class SurfaceLearningSink(SurfaceRegistry registry, RewardLogWriter rewardLog, DecisionExplanations explanations, ILogger<SurfaceLearningSink> logger) : ILearningSink
{
    private const int StateFormatVersion = 1;

    public LearningResult Apply(JoinedExample example)
    {
        if (!registry.TryGet(example.Surface, out var runtime))
        {
            return Reject(example, "unknown surface");
        }

        bool applied;
        try
        {
            lock (runtime.WriteLock)
            {
                if (runtime.Linear is { } linear)
                {
                    var context = ToFeatureVector(example.Features, linear.Dimension);
                    if (context is null)
                    {
                        return Reject(example, "the decision carries no features");
                    }

                    applied = linear.Apply(example.ItemId, context.Value, example.Reward);
                }
                else
                {
                    if (example.Period is not { } period)
                    {
                        return Reject(example, "the decision carries no period");
                    }

                    applied = runtime.Periodic!.ApplyReward(example.ItemId, period, example.Reward);
                }
            }
        }
        catch (ArgumentException ex)
        {
            // BanditArgumentException included: wrong dimension or a non-finite value never reaches state.
            return Reject(example, ex.Message);
        }

        if (!applied)
        {
            return Reject(example, "unknown item");
        }

        runtime.CountRewardApplied();
        if (!example.IsDefaultReward)
        {
            ApiMetrics.RewardToUpdate.Observe(Math.Max(0, (DateTimeOffset.UtcNow - example.At).TotalSeconds));
        }

        ApiMetrics.RewardsApplied.WithLabels(runtime.Id).Inc();
        explanations.RecordReward(example.Surface, example.EventId, example.ItemId, example.Reward, example.IsDefaultReward, example.At);
        rewardLog.TryEnqueue(new RewardRecord(example.EventId, example.Surface, example.ItemId, example.Reward, example.At,
            example.IsDefaultReward ? RewardOutcome.DefaultApplied : RewardOutcome.Applied));
        return LearningResult.Success;
    }

    public byte[] CaptureState()
    {
        var surfaces = registry.All();
        var models = new List<(SurfaceRuntime Runtime, byte[] Bytes)>(surfaces.Count);
        long length = sizeof(int) + sizeof(int);
        foreach (var runtime in surfaces)
        {
            var (bytes, _) = ModelState.Capture(runtime);
            models.Add((runtime, bytes));
            length += PrefixedLength(runtime.Id) + PrefixedLength(runtime.Settings.Policy) + sizeof(long) + sizeof(long) + sizeof(int) + bytes.Length;
        }

        // Sized exactly, so the buffer is the result: a loaded catalog's models are MBs, and a growing stream copied them
        // into fresh memory several times on the consumer thread at every checkpoint.
        using var buffer = new MemoryStream(checked((int)length));
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(StateFormatVersion);
            writer.Write(models.Count);
            foreach (var (runtime, bytes) in models)
            {
                writer.Write(runtime.Id);
                writer.Write(runtime.Settings.Policy);
                writer.Write(runtime.Decisions);
                writer.Write(runtime.RewardsApplied);
                writer.Write(bytes.Length);
                writer.Write(bytes);
            }
        }

        return buffer.Length == buffer.Capacity ? buffer.GetBuffer() : buffer.ToArray();
    }

    private static long PrefixedLength(string value)
    {
        int bytes = Encoding.UTF8.GetByteCount(value);
        int prefix = 1;
        for (uint rest = (uint)bytes; rest >= 0x80; rest >>= 7)
        {
            prefix++;
        }

        return prefix + bytes;
    }

    public void RestoreState(byte[] state)
    {
        // Parse everything first: a checkpoint that fails half-way must not leave half the surfaces restored.
        var entries = ReadState(state);
        var restored = 0;
        foreach (var entry in entries)
        {
            if (!registry.TryGet(entry.Surface, out var runtime) || !runtime.AwaitsCheckpointRestore || runtime.Settings.Policy != entry.Policy)
            {
                // Deleted, or created or replaced since start (newer than the checkpoint), or re-created with another
                // policy: its old statistics do not apply.
                continue;
            }

            if (RestoreSurface(runtime, entry.Model))
            {
                runtime.AddCheckpointCounters(entry.Decisions, entry.RewardsApplied);
                restored++;
            }
        }

        Log.ModelRestored(logger, restored);
    }

    /// <summary>Why a captured state cannot be restored (corrupt, truncated, unknown format), or null when it can.</summary>
    public static string? ValidateState(byte[] state)
    {
        try
        {
            foreach (var entry in ReadState(state))
            {
                if (entry.Policy == SurfacePolicies.RecoveringPeriodic)
                {
                    _ = RecoveringPeriodicPolicy.FromBytes(entry.Model);
                }
                else
                {
                    _ = SurfaceModel.FromBytes(entry.Model);
                }
            }

            return null;
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or ArgumentException or IOException or FormatException)
        {
            return ex.Message;
        }
    }

    private sealed record StateEntry(string Surface, string Policy, long Decisions, long RewardsApplied, byte[] Model);

    private static List<StateEntry> ReadState(byte[] state)
    {
        ArgumentNullException.ThrowIfNull(state);
        using var reader = new BinaryReader(new MemoryStream(state, writable: false));
        var version = reader.ReadInt32();
        if (version != StateFormatVersion)
        {
            throw new InvalidDataException($"model checkpoint format {version} is not supported (expected {StateFormatVersion})");
        }

        var count = reader.ReadInt32();
        if (count < 0)
        {
            throw new InvalidDataException("model checkpoint has a negative surface count");
        }

        var entries = new List<StateEntry>(Math.Min(count, 1024));
        for (var i = 0; i < count; i++)
        {
            var id = reader.ReadString();
            var policy = reader.ReadString();
            var decisions = reader.ReadInt64();
            var rewardsApplied = reader.ReadInt64();
            var length = reader.ReadInt32();
            var bytes = reader.ReadBytes(length);
            if (length < 0 || bytes.Length != length)
            {
                throw new InvalidDataException($"model checkpoint is truncated in surface '{id}'");
            }

            entries.Add(new StateEntry(id, policy, decisions, rewardsApplied, bytes));
        }

        if (reader.BaseStream.Position != reader.BaseStream.Length)
        {
            throw new InvalidDataException("model checkpoint has trailing bytes");
        }

        return entries;
    }

    private static bool RestoreSurface(SurfaceRuntime runtime, byte[] bytes)
    {
        lock (runtime.WriteLock)
        {
            ModelState.Restore(runtime, bytes);
            var restored = runtime.Linear is { } linear
                ? linear.Dimension == runtime.Settings.Dimension
                : SurfaceRuntime.RecoveryMismatch(runtime.Settings, runtime.Periodic!.Options) is null;
            if (!restored)
            {
                // Settings changed after the checkpoint (allowed only while the surface had no data): start from the prior.
                runtime.ReplaceModel(
                    runtime.Linear is null ? null : new SurfaceModel(runtime.Settings.Dimension!.Value, SurfaceRuntime.ToDiagLinUcbOptions(runtime.Settings), runtime.Scoring),
                    runtime.Linear is null ? new RecoveringPeriodicPolicy(SurfaceRuntime.ToRecoveryOptions(runtime.Settings), SurfaceAdministration.SeedFor(runtime.Id)) : null);
            }

            // The catalog in storage is newer than the checkpoint for item changes made since: keep it.
            SurfaceAdministration.ReapplyCatalog(runtime);
            return restored;
        }
    }

    private static FeatureVector? ToFeatureVector(ContextFeatures features, int dimension) =>
        features.Dense is { } dense ? FeatureVector.Dense(dense, dimension)
        : features.Sparse is { } sparse ? FeatureVector.Sparse(sparse.Indices, sparse.Values, dimension)
        : null;

    private LearningResult Reject(JoinedExample example, string reason)
    {
        Log.LearningRejected(logger, example.Surface, example.ItemId, reason);
        rewardLog.TryEnqueue(new RewardRecord(example.EventId, example.Surface, example.ItemId, example.Reward, example.At, RewardOutcome.Rejected));
        return LearningResult.Rejected(reason);
    }
}
