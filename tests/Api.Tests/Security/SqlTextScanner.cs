using System.Text.RegularExpressions;

namespace BanditServe.Api.Tests.Security;

/// <summary>
/// Finds SQL that is built from values: interpolated SQL strings whose holes are not SQL fragments
/// known to be constant, and SQL string literals joined with <c>+</c>. Values must travel as
/// command parameters (<c>@name</c>, <c>$1</c>, <c>$name</c>), never in the SQL text.
/// </summary>
public static partial class SqlTextScanner
{
    /// <summary>
    /// Holes that are not constants but are fixed SQL fragments: parameters of private helpers that
    /// every caller in the same file passes a table or column-list constant, and a filter chosen
    /// between two literals.
    /// </summary>
    public static readonly IReadOnlySet<string> FragmentVariables = new HashSet<string>(["table", "columns", "surfaceFilter"], StringComparer.Ordinal);

    /// <summary>Each finding as "file:line: reason".</summary>
    public static IReadOnlyList<string> Scan(string fileName, string source, IReadOnlySet<string> constants)
    {
        var findings = new List<string>();
        foreach (Match literal in InterpolatedString().Matches(source))
        {
            var text = literal.Value;
            if (!SqlKeyword().IsMatch(text))
            {
                continue;
            }

            foreach (Match hole in Hole().Matches(text))
            {
                var expression = hole.Groups[1].Value.Trim();
                if (!constants.Contains(expression) && !FragmentVariables.Contains(expression))
                {
                    findings.Add($"{fileName}:{LineOf(source, literal.Index)}: SQL interpolates '{{{expression}}}', which is not a constant SQL fragment; pass it as a parameter");
                }
            }
        }

        foreach (Match concatenation in Concatenation().Matches(source))
        {
            if (SqlKeyword().IsMatch(concatenation.Value))
            {
                findings.Add($"{fileName}:{LineOf(source, concatenation.Index)}: SQL built with '+': {concatenation.Value.Trim()}");
            }
        }

        return findings;
    }

    /// <summary>Names declared <c>const string</c> anywhere in the sources.</summary>
    public static IReadOnlySet<string> Constants(IEnumerable<string> sources) =>
        sources.SelectMany(source => ConstDeclaration().Matches(source).Select(m => m.Groups[1].Value)).ToHashSet(StringComparer.Ordinal);

    private static int LineOf(string source, int index) => source.AsSpan(0, index).Count('\n') + 1;

    // $"…", $@"…", @$"…" and $"""…""" (raw) strings; good enough for this code base's style.
    [GeneratedRegex("\\$+\"\"\"[\\s\\S]*?\"\"\"|\\$@\"[^\"]*\"|@\\$\"[^\"]*\"|\\$\"(?:[^\"\\\\\\n]|\\\\.)*\"")]
    private static partial Regex InterpolatedString();

    [GeneratedRegex("\\{([^{}:]+)(?::[^{}]*)?\\}")]
    private static partial Regex Hole();

    [GeneratedRegex("\\b(SELECT|INSERT|UPDATE|DELETE|WHERE|VALUES|COPY|CREATE|DROP|ALTER)\\b")]
    private static partial Regex SqlKeyword();

    [GeneratedRegex("\"[^\"\\n]*\"\\s*\\+\\s*[A-Za-z_(][^;\\n]*|[A-Za-z_)\\]]\\s*\\+\\s*\"[^\"\\n]*\"")]
    private static partial Regex Concatenation();

    [GeneratedRegex("const\\s+string\\s+([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex ConstDeclaration();
}
