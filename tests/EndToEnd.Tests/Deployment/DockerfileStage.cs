namespace BanditServe.EndToEnd.Tests.Deployment;

/// <summary>One build stage of a Dockerfile: its base image and its instructions in order.</summary>
public sealed class DockerfileStage(string baseImage, string? name)
{
    private readonly List<(string Keyword, string Arguments)> _instructions = [];

    public string BaseImage { get; } = baseImage;

    public string? Name { get; } = name;

    public IReadOnlyList<(string Keyword, string Arguments)> Instructions => _instructions;

    /// <summary>The arguments of every instruction with this keyword, in order.</summary>
    public IEnumerable<string> All(string keyword) =>
        _instructions.Where(i => i.Keyword == keyword).Select(i => i.Arguments);

    /// <summary>The arguments of the last instruction with this keyword (the one in force), or null.</summary>
    public string? Last(string keyword) => All(keyword).LastOrDefault();

    /// <summary>Every variable the stage's ENV instructions set, later ones overriding earlier ones.</summary>
    public IReadOnlyDictionary<string, string> Environment()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var arguments in All("ENV"))
        {
            foreach (var (key, value) in DockerfileDocument.ParseEnvironment(arguments))
            {
                environment[key] = value;
            }
        }

        return environment;
    }

    internal void Add(string keyword, string arguments) => _instructions.Add((keyword, arguments));
}
