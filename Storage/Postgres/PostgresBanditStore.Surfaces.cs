using Dapper;

namespace BanditServe.Storage;

public sealed partial class PostgresBanditStore
{
    private const string SurfaceColumns =
        "surface, dimension, policy, alpha, epsilon, ridge, forgetting, reward_window_seconds, default_reward, recovery_json, created_at, updated_at";

    // Dapper maps by name: the snake_case columns are aliased to the row's property names.
    private const string SurfaceSelection =
        "surface, dimension, policy, alpha, epsilon, ridge, forgetting, reward_window_seconds AS RewardWindowSeconds, " +
        "default_reward AS DefaultReward, recovery_json AS RecoveryJson, created_at AS CreatedAt, updated_at AS UpdatedAt";

    /// <inheritdoc />
    public async Task<SurfaceRecord> UpsertSurfaceAsync(SurfaceRecord surface, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(surface);
        await using var connection = await OpenAsync(cancellationToken);
        var row = await connection.QuerySingleAsync<SurfaceRow>(new CommandDefinition(
            $"""
            INSERT INTO surfaces ({SurfaceColumns})
            VALUES (@Surface, @Dimension, @Policy, @Alpha, @Epsilon, @Ridge, @Forgetting, @RewardWindowSeconds, @DefaultReward, @RecoveryJson, @CreatedAt, @UpdatedAt)
            ON CONFLICT (surface) DO UPDATE SET
                dimension = excluded.dimension, policy = excluded.policy, alpha = excluded.alpha,
                epsilon = excluded.epsilon, ridge = excluded.ridge, forgetting = excluded.forgetting,
                reward_window_seconds = excluded.reward_window_seconds, default_reward = excluded.default_reward,
                recovery_json = excluded.recovery_json, updated_at = excluded.updated_at
            RETURNING {SurfaceSelection}
            """,
            new
            {
                surface.Surface,
                surface.Dimension,
                surface.Policy,
                surface.Alpha,
                surface.Epsilon,
                surface.Ridge,
                surface.Forgetting,
                surface.RewardWindowSeconds,
                surface.DefaultReward,
                surface.RecoveryJson,
                CreatedAt = StorageTime.Normalize(surface.CreatedAt),
                UpdatedAt = StorageTime.Normalize(surface.UpdatedAt),
            },
            cancellationToken: cancellationToken));
        return row.ToRecord();
    }

    /// <inheritdoc />
    public async Task<SurfaceRecord?> GetSurfaceAsync(string surface, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<SurfaceRow>(new CommandDefinition(
            $"SELECT {SurfaceSelection} FROM surfaces WHERE surface = @surface",
            new { surface },
            cancellationToken: cancellationToken));
        return row?.ToRecord();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SurfaceRecord>> ListSurfacesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<SurfaceRow>(new CommandDefinition(
            $"SELECT {SurfaceSelection} FROM surfaces ORDER BY surface COLLATE \"C\"",
            cancellationToken: cancellationToken));
        return [.. rows.Select(row => row.ToRecord())];
    }

    /// <inheritdoc />
    public async Task<bool> DeleteSurfaceAsync(string surface, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM snapshots WHERE surface = @surface", new { surface }, transaction, cancellationToken: cancellationToken));
        var deleted = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM surfaces WHERE surface = @surface", new { surface }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return deleted > 0;
    }

    private sealed class SurfaceRow
    {
        public string Surface { get; set; } = "";
        public int Dimension { get; set; }
        public string Policy { get; set; } = "";
        public double Alpha { get; set; }
        public double Epsilon { get; set; }
        public double Ridge { get; set; }
        public double Forgetting { get; set; }
        public int RewardWindowSeconds { get; set; }
        public double? DefaultReward { get; set; }
        public string? RecoveryJson { get; set; }
        public DateTime CreatedAt { get; set; }
        public DateTime UpdatedAt { get; set; }

        public SurfaceRecord ToRecord() => new(
            Surface, Dimension, Policy, Alpha, Epsilon, Ridge, Forgetting, RewardWindowSeconds, DefaultReward, RecoveryJson,
            PostgresTime.FromTimestampTz(CreatedAt), PostgresTime.FromTimestampTz(UpdatedAt));
    }
}
