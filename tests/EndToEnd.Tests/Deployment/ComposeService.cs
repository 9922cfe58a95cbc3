using YamlDotNet.RepresentationModel;

namespace BanditServe.EndToEnd.Tests.Deployment;

/// <summary>One service of a compose file, with variables already interpolated.</summary>
public sealed class ComposeService(string name, YamlMappingNode node, Func<string, string> interpolate)
{
    public string Name { get; } = name;

    public string? Image => Scalar(node, "image");

    public bool IsBuilt => node.Children.ContainsKey("build");

    public string? BuildContext => node.Children.TryGetValue("build", out var build)
        ? build is YamlMappingNode map ? Scalar(map, "context") : interpolate(((YamlScalarNode)build).Value ?? "")
        : null;

    public string? BuildDockerfile => node.Children.TryGetValue("build", out var build) && build is YamlMappingNode map
        ? Scalar(map, "dockerfile") ?? "Dockerfile"
        : IsBuilt ? "Dockerfile" : null;

    /// <summary>The environment, in either the map or the <c>KEY=value</c> list form.</summary>
    public IReadOnlyDictionary<string, string> Environment
    {
        get
        {
            var environment = new Dictionary<string, string>(StringComparer.Ordinal);
            if (!node.Children.TryGetValue("environment", out var value))
            {
                return environment;
            }

            if (value is YamlMappingNode map)
            {
                foreach (var (key, entry) in map.Children)
                {
                    environment[((YamlScalarNode)key).Value!] = interpolate(((YamlScalarNode)entry).Value ?? "");
                }
            }
            else
            {
                foreach (var entry in ((YamlSequenceNode)value).Children.Select(e => interpolate(((YamlScalarNode)e).Value!)))
                {
                    var equals = entry.IndexOf('=', StringComparison.Ordinal);
                    environment[equals < 0 ? entry : entry[..equals]] = equals < 0 ? "" : entry[(equals + 1)..];
                }
            }

            return environment;
        }
    }

    /// <summary>Published ports as (host port, container port).</summary>
    public IReadOnlyList<(int Host, int Container)> Ports =>
        Sequence("ports").Select(port =>
        {
            var parts = port.Split('/')[0].Split(':');
            return (int.Parse(parts[^2], System.Globalization.CultureInfo.InvariantCulture), int.Parse(parts[^1], System.Globalization.CultureInfo.InvariantCulture));
        }).ToList();

    public IReadOnlyList<string> Volumes => Sequence("volumes");

    public IReadOnlyList<string> Command => Sequence("command");

    public IReadOnlyList<string> Entrypoint => Sequence("entrypoint");

    /// <summary>The healthcheck's <c>test</c> (exec form), or empty when the service inherits its image's.</summary>
    public IReadOnlyList<string> HealthcheckTest =>
        node.Children.TryGetValue("healthcheck", out var healthcheck) && ((YamlMappingNode)healthcheck).Children.TryGetValue("test", out var test)
            ? test is YamlSequenceNode list ? [.. list.Children.Select(c => interpolate(((YamlScalarNode)c).Value!))] : ["CMD-SHELL", interpolate(((YamlScalarNode)test).Value!)]
            : [];

    /// <summary>Services this one waits for, with the condition (<c>service_started</c> when only named).</summary>
    public IReadOnlyDictionary<string, string> DependsOn
    {
        get
        {
            var dependencies = new Dictionary<string, string>(StringComparer.Ordinal);
            if (!node.Children.TryGetValue("depends_on", out var value))
            {
                return dependencies;
            }

            if (value is YamlSequenceNode list)
            {
                foreach (var entry in list.Children)
                {
                    dependencies[((YamlScalarNode)entry).Value!] = "service_started";
                }
            }
            else
            {
                foreach (var (key, entry) in ((YamlMappingNode)value).Children)
                {
                    dependencies[((YamlScalarNode)key).Value!] = Scalar((YamlMappingNode)entry, "condition") ?? "service_started";
                }
            }

            return dependencies;
        }
    }

    private IReadOnlyList<string> Sequence(string key) =>
        !node.Children.TryGetValue(key, out var value) ? []
        : value is YamlSequenceNode list ? [.. list.Children.Select(c => interpolate(((YamlScalarNode)c).Value!))]
        : [.. interpolate(((YamlScalarNode)value).Value!).Split(' ', StringSplitOptions.RemoveEmptyEntries)];

    private string? Scalar(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(key, out var value) ? interpolate(((YamlScalarNode)value).Value ?? "") : null;
}
