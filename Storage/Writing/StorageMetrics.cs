using Prometheus;

namespace BanditServe.Storage;

/// <summary>The Storage assembly's Prometheus metrics, created once. The <c>log</c> label is <c>decisions</c> or <c>rewards</c>.</summary>
public static class StorageMetrics
{
    /// <summary>Records that were never written: buffer full, refused by the database, or unflushed at shutdown.</summary>
    public static readonly Counter Dropped = Metrics.CreateCounter(
        "bandit_storage_dropped_total", "Log records dropped instead of written (buffer full, refused, or unflushed at shutdown).", "log");

    /// <summary>Records written to the database.</summary>
    public static readonly Counter Written = Metrics.CreateCounter(
        "bandit_storage_written_total", "Log records written to the database.", "log");

    /// <summary>Failed batch writes (each is retried).</summary>
    public static readonly Counter WriteFailures = Metrics.CreateCounter(
        "bandit_storage_write_failures_total", "Failed batch writes of log records; each is retried with backoff.", "log");

    /// <summary>Records waiting in the write buffer.</summary>
    public static readonly Gauge Buffered = Metrics.CreateGauge(
        "bandit_storage_buffered", "Log records waiting in the write buffer.", "log");

    /// <summary>Duration of successful batch writes.</summary>
    public static readonly Histogram BatchWriteSeconds = Metrics.CreateHistogram(
        "bandit_storage_batch_write_seconds",
        "Duration of a successful batch write of log records.",
        new HistogramConfiguration
        {
            LabelNames = ["log"],
            Buckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        });
}
