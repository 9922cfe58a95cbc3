using YamlDotNet.RepresentationModel;

namespace BanditServe.EndToEnd.Tests.Deployment;

/// <summary>A docker-compose file parsed as YAML, with compose's variable interpolation applied to values.</summary>
public sealed class ComposeDocument
{
    private ComposeDocument(YamlMappingNode root, IReadOnlyDictionary<string, string> variables)
    {
        var services = (YamlMappingNode)root.Children["services"];
        Services = services.Children.ToDictionary(
            entry => ((YamlScalarNode)entry.Key).Value!,
            entry => new ComposeService(((YamlScalarNode)entry.Key).Value!, (YamlMappingNode)entry.Value, text => ComposeInterpolation.Resolve(text, variables)),
            StringComparer.Ordinal);
        Volumes = root.Children.TryGetValue("volumes", out var volumes)
            ? [.. ((YamlMappingNode)volumes).Children.Keys.Select(k => ((YamlScalarNode)k).Value!)]
            : [];
    }

    public IReadOnlyDictionary<string, ComposeService> Services { get; }

    /// <summary>The named volumes the file declares.</summary>
    public IReadOnlyList<string> Volumes { get; }

    /// <summary>Parses <paramref name="yaml"/>, interpolating with <paramref name="variables"/> as <c>docker compose</c> would with that environment.</summary>
    public static ComposeDocument Parse(string yaml, IReadOnlyDictionary<string, string> variables)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(yaml))
        {
            stream.Load(reader);
        }

        return new ComposeDocument((YamlMappingNode)stream.Documents[0].RootNode, variables);
    }

    public ComposeService this[string service] => Services[service];

    /// <summary>The BanditServe replicas: services built from this repository, and services running the image one of them builds.</summary>
    public IReadOnlyList<ComposeService> ServerReplicas()
    {
        var builtImages = Services.Values.Where(s => s.IsBuilt && s.Image is not null).Select(s => s.Image!).ToHashSet(StringComparer.Ordinal);
        return [.. Services.Values.Where(s => s.IsBuilt || (s.Image is not null && builtImages.Contains(s.Image)))];
    }
}
