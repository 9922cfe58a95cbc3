using Spectre.Console;

namespace BanditServe.Offline.Cli;

/// <summary>
/// Runs a command's work with progress bars when the error stream is an interactive terminal, and with
/// plain progress lines when it is redirected or under CI (<c>CI=true</c>), so logs and tests stay readable.
/// </summary>
internal static class JobConsole
{
    /// <summary>The writers and the progress a command's work uses.</summary>
    /// <param name="Output">Where results go (standard output unless <c>--out</c>).</param>
    /// <param name="Error">Where errors go.</param>
    /// <param name="Progress">Stage progress and notes.</param>
    public sealed record Io(TextWriter Output, TextWriter Error, JobReporter Progress);

    /// <summary>
    /// Whether <paramref name="error"/> is this process's own standard error, attached to a terminal,
    /// outside CI: only then are progress bars drawn.
    /// </summary>
    public static bool IsInteractive(TextWriter error) =>
        ReferenceEquals(error, Console.Error)
        && !Console.IsErrorRedirected
        && !IsContinuousIntegration(Environment.GetEnvironmentVariable("CI"));

    /// <summary>CI=true (or 1), as CI services set it.</summary>
    public static bool IsContinuousIntegration(string? variable) =>
        string.Equals(variable, "true", StringComparison.OrdinalIgnoreCase) || variable == "1";

    /// <summary>Runs <paramref name="work"/> and returns its exit code.</summary>
    public static async Task<int> RunAsync(TextWriter output, TextWriter error, Func<Io, Task<int>> work)
    {
        if (!IsInteractive(error))
        {
            return await work(new Io(output, error, new LineProgressReporter(error)));
        }

        // The live display owns the terminal while it runs: what the work writes to standard output and
        // standard error is held back and written after the bars are done, so neither garbles the other.
        var heldOutput = new StringWriter();
        var heldError = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(error) });
        try
        {
            return await console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
                .StartAsync(context => work(new Io(heldOutput, heldError, new SpectreProgressReporter(context, heldError))));
        }
        finally
        {
            await error.WriteAsync(heldError.ToString());
            await output.WriteAsync(heldOutput.ToString());
            await output.FlushAsync();
        }
    }
}
