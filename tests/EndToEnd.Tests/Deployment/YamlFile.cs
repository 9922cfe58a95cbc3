using YamlDotNet.RepresentationModel;

namespace BanditServe.EndToEnd.Tests.Deployment;

/// <summary>Reads a YAML file of the repository and walks it by key.</summary>
public static class YamlFile
{
    public static YamlNode Load(string relativePath)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(RepositoryFiles.Read(relativePath)))
        {
            stream.Load(reader);
        }

        return stream.Documents[0].RootNode;
    }

    public static YamlNode At(this YamlNode node, string key) => ((YamlMappingNode)node).Children[key];

    public static IEnumerable<YamlNode> Items(this YamlNode node) => ((YamlSequenceNode)node).Children;

    public static string Text(this YamlNode node) => ((YamlScalarNode)node).Value ?? "";
}
