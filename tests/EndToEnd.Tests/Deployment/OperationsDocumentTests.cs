using System.Collections;
using System.Globalization;
using System.Text.RegularExpressions;

namespace BanditServe.EndToEnd.Tests.Deployment;

/// <summary>docs/operations.md's configuration reference is complete and states the real defaults.</summary>
public sealed partial class OperationsDocumentTests
{
    [Fact]
    public void Every_options_key_is_documented_with_its_environment_variable_and_default()
    {
        // Arrange
        var rows = ReferenceRows();
        var missing = new List<string>();
        var wrong = new List<string>();

        // Act
        foreach (var (section, type) in ServerConfigurationCheck.OptionsSections())
        {
            var defaults = Activator.CreateInstance(type)!;
            foreach (var property in type.GetProperties().Where(p => p.CanWrite || typeof(IList).IsAssignableFrom(p.PropertyType)))
            {
                var key = $"{section}:{property.Name}";
                if (!rows.TryGetValue(key, out var row))
                {
                    missing.Add(key);
                    continue;
                }

                var expectedVariable = key.Replace(":", "__", StringComparison.Ordinal) + (typeof(IList).IsAssignableFrom(property.PropertyType) ? "__0" : "");
                var expectedDefault = Format(property.GetValue(defaults));
                if (!row.Variables.Contains(expectedVariable, StringComparer.Ordinal) || row.Default != expectedDefault)
                {
                    wrong.Add($"{key}: documented {string.Join("/", row.Variables)} = {row.Default}, actual {expectedVariable} = {expectedDefault}");
                }
            }
        }

        // Assert
        Assert.Empty(missing);
        Assert.Empty(wrong);
    }

    [Fact]
    public void Every_variable_the_deployment_files_set_is_documented()
    {
        // Arrange
        var documented = ReferenceRows().Values.SelectMany(r => r.Variables).ToHashSet(StringComparer.Ordinal);
        var text = RepositoryFiles.Read("docs/operations.md");
        var set = DeploymentFiles.Dockerfile.FinalStage.Environment().Keys
            .Concat(DeploymentFiles.ComposeFile.ServerReplicas().SelectMany(r => r.Environment.Keys))
            .Distinct(StringComparer.Ordinal);

        // Assert: in the reference table, or (host settings) named in the text.
        Assert.All(set, variable => Assert.True(documented.Contains(variable) || text.Contains($"`{variable}`", StringComparison.Ordinal), variable + " is not documented"));
    }

    [Fact]
    public void Capacity_figures_are_the_ones_docs_performance_md_records()
    {
        // Arrange: the "Measured" column of the capacity table, and every number docs/performance.md states.
        var operations = RepositoryFiles.Read("docs/operations.md");
        var capacity = operations[operations.IndexOf("## Capacity model", StringComparison.Ordinal)..];
        capacity = capacity[..capacity.IndexOf("\n## ", 1, StringComparison.Ordinal)];
        var measured = CapacityRow().Matches(capacity).Select(m => m.Groups["measured"].Value).ToList();
        var recorded = Figure().Matches(RepositoryFiles.Read("docs/performance.md")).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);

        // Act
        var unrecorded = measured.SelectMany(cell => Figure().Matches(cell).Select(m => m.Value)).Where(figure => !recorded.Contains(figure)).ToList();

        // Assert: a re-measured benchmark whose new figure did not reach the capacity model fails here.
        Assert.True(measured.Count >= 8, $"expected the capacity table's rows, found {measured.Count}");
        Assert.Empty(unrecorded);
    }

    [Fact]
    public void Every_alert_rule_is_explained_in_the_alerting_section()
    {
        // Arrange
        var rules = YamlFile.Load("docs/deployment/prometheus/alerts.yml").At("groups").Items()
            .SelectMany(g => g.At("rules").Items())
            .Select(r => r.At("alert").Text())
            .ToList();
        var operations = RepositoryFiles.Read("docs/operations.md");
        var alerting = operations[operations.IndexOf("## What to alert on", StringComparison.Ordinal)..];
        var documented = AlertRow().Matches(alerting).Select(m => m.Groups["alert"].Value).ToList();

        // Assert: an operator paged by a rule finds what it means; no documented alert is missing from the rules.
        Assert.Equal(rules.Order(StringComparer.Ordinal), documented.Order(StringComparer.Ordinal));
    }

    /// <summary>Rows of the reference tables: <c>| `Key` | `VAR`, `VAR2` | `default` | meaning |</c>.</summary>
    private static Dictionary<string, (string[] Variables, string Default)> ReferenceRows() =>
        ReferenceRow().Matches(RepositoryFiles.Read("docs/operations.md"))
            .ToDictionary(
                m => m.Groups["key"].Value,
                m => (VariableName().Matches(m.Groups["variables"].Value).Select(v => v.Groups[1].Value).ToArray(), m.Groups["default"].Value),
                StringComparer.Ordinal);

    /// <summary>A default as the reference writes it: what the configuration binder would read back.</summary>
    private static string Format(object? value) => value switch
    {
        null => "(none)",
        string { Length: 0 } => "\"\"",
        string text => text,
        bool flag => flag ? "true" : "false",
        TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
        Enum mode => mode.ToString().ToLowerInvariant(),
        IList { Count: 0 } => "[]",
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    [GeneratedRegex(@"^\| `(?<alert>[A-Za-z]+)` \| ", RegexOptions.Multiline)]
    private static partial Regex AlertRow();

    /// <summary>A capacity table row: <c>| what | measured | per replica |</c> (not the header or the rule).</summary>
    [GeneratedRegex(@"^\| (?!What|---)[^|]+\| (?<measured>[^|]+) \|[^|]+\|$", RegexOptions.Multiline)]
    private static partial Regex CapacityRow();

    /// <summary>A number as the documents write figures (<c>2,533</c>, <c>48.9</c>, <c>915</c>), not part of a longer one.</summary>
    [GeneratedRegex(@"(?<![\d.,])\d{1,3}(?:,\d{3})*(?:\.\d+)?(?![\d,]|\.\d)")]
    private static partial Regex Figure();

    [GeneratedRegex(@"^\| `(?<key>[A-Za-z]+:[A-Za-z:]+)` \| (?<variables>[^|]+) \| `(?<default>[^`]*)` \|", RegexOptions.Multiline)]
    private static partial Regex ReferenceRow();

    [GeneratedRegex("`([A-Za-z_0-9.]+)`")]
    private static partial Regex VariableName();
}
