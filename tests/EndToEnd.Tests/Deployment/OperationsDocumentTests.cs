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

    [GeneratedRegex(@"^\| `(?<key>[A-Za-z]+:[A-Za-z:]+)` \| (?<variables>[^|]+) \| `(?<default>[^`]*)` \|", RegexOptions.Multiline)]
    private static partial Regex ReferenceRow();

    [GeneratedRegex("`([A-Za-z_0-9.]+)`")]
    private static partial Regex VariableName();
}
