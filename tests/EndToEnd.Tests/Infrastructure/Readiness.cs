using System.Diagnostics;
using System.Net;

namespace BanditServe.EndToEnd.Tests.Infrastructure;

/// <summary>Waits for a server process to answer 200 on <c>/health/ready</c>, failing fast when it exits.</summary>
internal static class Readiness
{
    /// <param name="baseAddress">The server's base address.</param>
    /// <param name="process">The server process; its exit ends the wait with its output.</param>
    /// <param name="output">The process output so far, for the failure message.</param>
    /// <param name="what">How the server is named in failure messages.</param>
    /// <param name="timeout">How long to wait.</param>
    public static async Task WaitAsync(Uri baseAddress, Process process, Func<string> output, string what, TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{what} exited with code {process.ExitCode}:\n{output()}");
            }

            try
            {
                if ((await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Not answering yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{what} was not ready within {timeout}:\n{output()}");
            }

            await Task.Delay(100);
        }
    }
}
