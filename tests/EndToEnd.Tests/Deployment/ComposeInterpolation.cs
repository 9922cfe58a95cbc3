using System.Text;

namespace BanditServe.EndToEnd.Tests.Deployment;

/// <summary>
/// Compose's variable interpolation: <c>$VAR</c>, <c>${VAR}</c>, <c>${VAR:-default}</c>,
/// <c>${VAR-default}</c>, <c>${VAR:?error}</c>, <c>${VAR?error}</c> and <c>$$</c> for a literal dollar.
/// </summary>
public static class ComposeInterpolation
{
    /// <summary>Substitutes every variable from <paramref name="variables"/>; a missing required one throws with its message.</summary>
    public static string Resolve(string text, IReadOnlyDictionary<string, string> variables)
    {
        var result = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] != '$')
            {
                result.Append(text[i++]);
                continue;
            }

            if (i + 1 < text.Length && text[i + 1] == '$')
            {
                result.Append('$');
                i += 2;
                continue;
            }

            if (i + 1 < text.Length && text[i + 1] == '{')
            {
                var close = text.IndexOf('}', i + 2);
                if (close < 0)
                {
                    throw new FormatException($"unclosed ${{ in '{text}'");
                }

                result.Append(Expand(text[(i + 2)..close], variables));
                i = close + 1;
                continue;
            }

            var end = i + 1;
            while (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] == '_'))
            {
                end++;
            }

            var name = text[(i + 1)..end];
            result.Append(variables.GetValueOrDefault(name, ""));
            i = end;
        }

        return result.ToString();
    }

    /// <summary>The names of the variables a text requires (<c>${VAR:?…}</c> or <c>${VAR?…}</c>).</summary>
    public static IEnumerable<string> RequiredVariables(string text)
    {
        var start = 0;
        while ((start = text.IndexOf("${", start, StringComparison.Ordinal)) >= 0)
        {
            var close = text.IndexOf('}', start);
            var expression = text[(start + 2)..close];
            var question = expression.IndexOf('?', StringComparison.Ordinal);
            if (question > 0)
            {
                yield return expression[..question].TrimEnd(':');
            }

            start = close;
        }
    }

    private static string Expand(string expression, IReadOnlyDictionary<string, string> variables)
    {
        var operatorAt = expression.IndexOfAny([':', '-', '?']);
        if (operatorAt < 0)
        {
            return variables.GetValueOrDefault(expression, "");
        }

        var name = expression[..operatorAt];
        var emptyCounts = expression[operatorAt] == ':';
        var op = emptyCounts ? expression[operatorAt + 1] : expression[operatorAt];
        var argument = expression[(operatorAt + (emptyCounts ? 2 : 1))..];
        var isSet = variables.TryGetValue(name, out var value) && (!emptyCounts || value!.Length > 0);
        return op switch
        {
            '-' => isSet ? value! : argument,
            '?' => isSet ? value! : throw new InvalidOperationException($"required variable {name} is missing: {argument}"),
            _ => throw new FormatException($"unsupported interpolation '${{{expression}}}'"),
        };
    }
}
