using System.CommandLine;
using BanditServe.Offline.Cli;

namespace BanditServe.Offline;

/// <summary>Entry point of the offline jobs command line (banditserve-offline).</summary>
public static class OfflineProgram
{
    /// <summary>Runs the command line with the process's standard output and error.</summary>
    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Runs the command line with the given writers (results to <paramref name="output"/>, progress and errors to <paramref name="error"/>).</summary>
    /// <returns>0 on success, 1 on a command-line parse error, 2 on bad input data.</returns>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("BanditServe offline jobs: off-policy evaluation and warm starts on logged feedback.")
        {
            EvaluateCommand.Create(),
            WarmStartCommand.Create(),
        };
        return root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
    }
}
