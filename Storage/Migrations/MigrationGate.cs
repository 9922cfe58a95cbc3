namespace BanditServe.Storage;

/// <summary>
/// Runs a store's migration once per process before its first use. A failed attempt (database down at start)
/// is retried by the next caller rather than remembered, so the server heals when the database comes back.
/// </summary>
internal sealed class MigrationGate(Func<CancellationToken, Task> migrate) : IDisposable
{
    private readonly SemaphoreSlim mutex = new(1, 1);
    private volatile bool migrated;

    public bool IsMigrated => migrated;

    public async ValueTask EnsureMigratedAsync(CancellationToken cancellationToken)
    {
        if (migrated)
        {
            return;
        }

        await mutex.WaitAsync(cancellationToken);
        try
        {
            if (!migrated)
            {
                await migrate(cancellationToken);
                migrated = true;
            }
        }
        finally
        {
            mutex.Release();
        }
    }

    public void Dispose() => mutex.Dispose();
}
