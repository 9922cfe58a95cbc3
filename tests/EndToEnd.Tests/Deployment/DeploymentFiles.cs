namespace BanditServe.EndToEnd.Tests.Deployment;

/// <summary>The deployment files under test, parsed once, and the values the tests stand in for an operator.</summary>
public static class DeploymentFiles
{
    /// <summary>What an operator exports before <c>docker compose up</c> (docs/operations.md).</summary>
    public static readonly IReadOnlyDictionary<string, string> OperatorVariables = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["BANDITSERVE_ADMIN_KEY"] = "deployment-test-admin-key",
    };

    private static readonly Lazy<DockerfileDocument> DockerfileDocument = new(() => Deployment.DockerfileDocument.Parse(RepositoryFiles.Read("Dockerfile")));

    private static readonly Lazy<ComposeDocument> ComposeDocument = new(() => Compose(OperatorVariables));

    public static DockerfileDocument Dockerfile => DockerfileDocument.Value;

    public static ComposeDocument ComposeFile => ComposeDocument.Value;

    public static ComposeDocument Compose(IReadOnlyDictionary<string, string> variables) =>
        Deployment.ComposeDocument.Parse(RepositoryFiles.Read("docker-compose.yml"), variables);

    /// <summary>The environment a replica's container gets: the image's ENV defaults overridden by the compose service's.</summary>
    public static IReadOnlyDictionary<string, string> ContainerEnvironment(ComposeService replica)
    {
        var environment = new Dictionary<string, string>(Dockerfile.FinalStage.Environment(), StringComparer.Ordinal);
        foreach (var (key, value) in replica.Environment)
        {
            environment[key] = value;
        }

        return environment;
    }

    /// <summary>The address the image's server listens on (ASPNETCORE_URLS of the final stage).</summary>
    public static ListenAddress ImageListenAddress =>
        ListenAddress.TryParse(Dockerfile.FinalStage.Environment()["ASPNETCORE_URLS"])
        ?? throw new InvalidOperationException("ASPNETCORE_URLS of the final stage is not a listen URL");
}
