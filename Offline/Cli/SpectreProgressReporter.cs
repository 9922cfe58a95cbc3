using BanditServe.Offline.Progress;
using Spectre.Console;

namespace BanditServe.Offline.Cli;

/// <summary>
/// Progress bars (Spectre.Console), one task per stage. Notes are kept for after the live display,
/// which owns the terminal while it runs.
/// </summary>
internal sealed class SpectreProgressReporter(ProgressContext context, TextWriter notes) : JobReporter
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, ProgressTask> tasks = new(StringComparer.Ordinal);

    public override void Report(JobProgress value)
    {
        lock (gate)
        {
            var restart = value.Completed == 0 && !value.Finished;
            if (!tasks.TryGetValue(value.Stage, out var task))
            {
                task = context.AddTask(Markup.Escape(value.Stage), autoStart: true, maxValue: Math.Max(1, value.Total));
                tasks.Add(value.Stage, task);
            }
            else if (task.IsFinished && !restart)
            {
                return;
            }

            if (restart)
            {
                task.MaxValue = Math.Max(1, value.Total);
                task.Value = 0;
            }

            task.Description = Markup.Escape(value.Total > 0
                ? $"{value.Stage} ({value.Unit})"
                : $"{value.Stage} ({value.Completed} {value.Unit})");
            if (value.Finished)
            {
                task.IsIndeterminate = false;
                task.MaxValue = Math.Max(1, value.Total);
                task.Value = task.MaxValue;
                task.StopTask();
            }
            else if (value.Total > 0)
            {
                task.IsIndeterminate = false;
                task.MaxValue = value.Total;
                task.Value = Math.Max(task.Value, value.Completed);
            }
            else
            {
                task.IsIndeterminate = true;
            }
        }
    }

    public override void Note(string message)
    {
        lock (gate)
        {
            notes.WriteLine($"banditserve-offline: {message}");
        }
    }
}
