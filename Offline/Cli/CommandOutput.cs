using System.CommandLine;

namespace BanditServe.Offline.Cli;

/// <summary>Writes a command's result to <c>--out FILE</c> or, without it, to standard output.</summary>
internal static class CommandOutput
{
    public static void Write(ParseResult parse, Option<FileInfo?> output, string text)
    {
        if (parse.GetValue(output) is { } file)
        {
            File.WriteAllText(file.FullName, text);
        }
        else
        {
            parse.InvocationConfiguration.Output.Write(text);
        }
    }
}
