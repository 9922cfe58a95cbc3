using Microsoft.Extensions.Options;

namespace BanditServe.Storage;

/// <summary>Checks <see cref="StorageOptions"/> at start, so bad configuration fails at boot and names the setting.</summary>
public sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Provider is not (StorageOptions.SqliteProvider or StorageOptions.PostgresProvider))
        {
            failures.Add($"Storage:Provider must be 'sqlite' or 'postgres', not '{options.Provider}'.");
        }

        if (options.Provider == StorageOptions.SqliteProvider && string.IsNullOrWhiteSpace(options.SqlitePath))
        {
            failures.Add("Storage:SqlitePath must name a file when Storage:Provider is 'sqlite'.");
        }

        if (options.Provider == StorageOptions.PostgresProvider && string.IsNullOrWhiteSpace(options.PostgresConnectionString))
        {
            failures.Add("ConnectionStrings:Postgres is required when Storage:Provider is 'postgres'.");
        }

        if (options.SqliteBusyTimeout < TimeSpan.FromSeconds(1))
        {
            failures.Add("Storage:SqliteBusyTimeout must be at least one second.");
        }

        if (options.RetentionDays < 0)
        {
            failures.Add("Storage:RetentionDays must be 0 (keep forever) or more.");
        }

        if (options.RetentionInterval <= TimeSpan.Zero)
        {
            failures.Add("Storage:RetentionInterval must be positive.");
        }

        if (options.WriteBufferCapacity < 1)
        {
            failures.Add("Storage:WriteBufferCapacity must be at least 1.");
        }

        if (options.BatchSize < 1)
        {
            failures.Add("Storage:BatchSize must be at least 1.");
        }

        if (options.BatchLinger < TimeSpan.Zero || options.BatchLinger > TimeSpan.FromSeconds(1))
        {
            failures.Add("Storage:BatchLinger must be between 0 and 1 second.");
        }

        if (options.RetryInitialDelay <= TimeSpan.Zero || options.RetryMaxDelay < options.RetryInitialDelay)
        {
            failures.Add("Storage:RetryInitialDelay must be positive and at most Storage:RetryMaxDelay.");
        }

        if (options.ShutdownFlushTimeout < TimeSpan.Zero)
        {
            failures.Add("Storage:ShutdownFlushTimeout must not be negative.");
        }

        if (options.ReadPageSize < 1)
        {
            failures.Add("Storage:ReadPageSize must be at least 1.");
        }

        if (options.CheckpointsToKeep < 1)
        {
            failures.Add("Storage:CheckpointsToKeep must be at least 1.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
