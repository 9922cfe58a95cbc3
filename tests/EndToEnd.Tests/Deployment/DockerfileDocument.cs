using System.Text;
using System.Text.Json;

namespace BanditServe.EndToEnd.Tests.Deployment;

/// <summary>
/// The instructions of a Dockerfile, read the way the builder reads them: comments dropped,
/// backslash continuations joined, one build stage per <c>FROM</c>.
/// </summary>
public sealed class DockerfileDocument
{
    private DockerfileDocument(IReadOnlyList<DockerfileStage> stages) => Stages = stages;

    public IReadOnlyList<DockerfileStage> Stages { get; }

    /// <summary>The stage <c>docker build</c> produces without <c>--target</c>.</summary>
    public DockerfileStage FinalStage => Stages[^1];

    public static DockerfileDocument Parse(string text)
    {
        var stages = new List<DockerfileStage>();
        foreach (var (keyword, arguments) in Instructions(text))
        {
            if (keyword == "FROM")
            {
                var parts = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var name = parts.Length >= 3 && parts[^2].Equals("AS", StringComparison.OrdinalIgnoreCase) ? parts[^1] : null;
                stages.Add(new DockerfileStage(parts.First(p => !p.StartsWith("--", StringComparison.Ordinal)), name));
            }
            else if (keyword != "ARG" || stages.Count > 0)
            {
                if (stages.Count == 0)
                {
                    throw new FormatException($"{keyword} before the first FROM");
                }

                stages[^1].Add(keyword, arguments);
            }
        }

        return new DockerfileDocument(stages);
    }

    /// <summary>Splits <c>ENV</c> arguments in the <c>KEY=value KEY2="value 2"</c> form.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ParseEnvironment(string arguments)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var word in Words(arguments))
        {
            var equals = word.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException($"ENV '{arguments}' is not in the KEY=value form");
            }

            pairs.Add(new(word[..equals], word[(equals + 1)..]));
        }

        return pairs;
    }

    /// <summary>The exec (JSON array) form of CMD, ENTRYPOINT or HEALTHCHECK CMD.</summary>
    public static IReadOnlyList<string> ParseExecForm(string arguments) =>
        JsonSerializer.Deserialize<string[]>(arguments) ?? throw new FormatException($"'{arguments}' is not a JSON array");

    private static IEnumerable<(string Keyword, string Arguments)> Instructions(string text)
    {
        var pending = new StringBuilder();
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            if (line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending.Append(line.AsSpan(0, line.Length - 1)).Append(' ');
                continue;
            }

            pending.Append(line);
            var instruction = pending.ToString().Trim();
            pending.Clear();
            if (instruction.Length == 0)
            {
                continue;
            }

            var space = instruction.IndexOf(' ', StringComparison.Ordinal);
            yield return space < 0
                ? (instruction.ToUpperInvariant(), "")
                : (instruction[..space].ToUpperInvariant(), instruction[(space + 1)..].Trim());
        }
    }

    /// <summary>Whitespace-separated words; double or single quotes group and are removed.</summary>
    private static IEnumerable<string> Words(string arguments)
    {
        var word = new StringBuilder();
        var inWord = false;
        char? quote = null;
        foreach (var c in arguments)
        {
            if (quote is { } open)
            {
                if (c == open)
                {
                    quote = null;
                }
                else
                {
                    word.Append(c);
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    yield return word.ToString();
                    word.Clear();
                    inWord = false;
                }
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }

        if (quote is not null)
        {
            throw new FormatException($"unclosed quote in '{arguments}'");
        }

        if (inWord)
        {
            yield return word.ToString();
        }
    }
}
