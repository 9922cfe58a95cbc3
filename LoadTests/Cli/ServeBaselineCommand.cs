using System.CommandLine;
using BanditServe.LoadTests.Profiles;
using BanditServe.LoadTests.Targets;

namespace BanditServe.LoadTests.Cli;

/// <summary>
/// <c>serve-baseline</c>: the floor endpoint in its own process, so a run can load it without
/// sharing the generator's process (<c>run … --url</c> at it, with <c>--no-baseline</c>).
/// </summary>
public static class ServeBaselineCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1.", DefaultValueFactory = _ => 8090 };
        var lifetime = new Option<string>("--for") { Description = "Stop after this long (bounded like every load loop).", DefaultValueFactory = _ => "10m" };
        var command = new Command("serve-baseline", "Serve the bare Kestrel floor endpoint on 127.0.0.1 until stopped or --for elapses.") { port, lifetime };
        command.SetAction(async (parse, cancellationToken) =>
        {
            TimeSpan limit;
            try
            {
                limit = DurationText.Parse(parse.GetValue(lifetime)!);
            }
            catch (FormatException exception)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync("banditserve-loadtests serve-baseline: " + exception.Message);
                return ExitCodes.Failed;
            }

            await using var server = await BaselineServer.StartAsync(parse.GetValue(port), cancellationToken);
            await parse.InvocationConfiguration.Output.WriteLineAsync($"baseline endpoint listening on {server.BaseAddress} for at most {DurationText.Format(limit)}");
            try
            {
                await Task.Delay(limit, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl+C.
            }

            return ExitCodes.Passed;
        });
        return command;
    }
}
