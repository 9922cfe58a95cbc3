using System.CommandLine;

namespace BanditServe.Offline.Cli;

/// <summary>Writes a command's result to <c>--out FILE</c> or, without it, to standard output.</summary>
internal static class CommandOutput
{
    public static void Write(ParseResult parse, Option<FileInfo?> output, TextWriter standardOutput, string text)
    {
        if (parse.GetValue(output) is { } file)
        {
            WriteAtomically(file.FullName, System.Text.Encoding.UTF8.GetBytes(text));
        }
        else
        {
            standardOutput.Write(text);
        }
    }

    /// <summary>
    /// Writes a sibling temporary file and renames it over <paramref name="path"/>, so a reader (or a failed
    /// job) never sees a partial report: the file is either the old one, absent, or complete.
    /// </summary>
    public static void WriteAtomically(string path, byte[] content)
    {
        var temporary = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllBytes(temporary, content);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
