using BanditServe.Api.Hosting;

namespace BanditServe.EndToEnd.Tests.Deployment;

/// <summary>The Dockerfile, read as the builder reads it and checked against the server's configuration.</summary>
public sealed class DockerfileTests
{
    private static DockerfileStage Final => DeploymentFiles.Dockerfile.FinalStage;

    [Fact]
    public void Final_stage_is_the_ASP_NET_runtime_without_the_SDK()
    {
        // Arrange
        var stages = DeploymentFiles.Dockerfile.Stages;

        // Assert
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:", Final.BaseImage, StringComparison.Ordinal);
        Assert.Contains(stages, s => s.BaseImage.StartsWith("mcr.microsoft.com/dotnet/sdk:", StringComparison.Ordinal));
        var copies = Final.All("COPY").ToList();
        Assert.All(copies, copy => Assert.Contains("--from=", copy, StringComparison.Ordinal));
        Assert.DoesNotContain(Final.All("RUN"), run => run.Contains("dotnet", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_runs_the_tests_before_publishing()
    {
        // Arrange
        var stages = DeploymentFiles.Dockerfile.Stages;
        var test = stages.Single(s => s.Name == "test");
        var publish = stages.Single(s => s.All("RUN").Any(r => r.Contains("dotnet publish", StringComparison.Ordinal)));

        // Assert: publishing builds on the tested stage, and every project named exists.
        Assert.Equal("test", publish.BaseImage);
        var testProjects = test.All("RUN").SelectMany(r => r.Split(' ')).Where(w => w.StartsWith("tests/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(testProjects);
        Assert.All(testProjects, project => Assert.True(Directory.Exists(RepositoryFiles.PathOf(project)), project + " does not exist"));
        Assert.Contains("Api/Api.csproj", publish.All("RUN").Single(r => r.Contains("dotnet publish", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public void Restore_layer_has_every_project_the_server_references()
    {
        // Arrange: the build stage's instructions before its restore, and Api's project references, transitively.
        var build = DeploymentFiles.Dockerfile.Stages.Single(s => s.Name == "build");
        var beforeRestore = build.Instructions.TakeWhile(i => !(i.Keyword == "RUN" && i.Arguments.Contains("dotnet restore", StringComparison.Ordinal))).ToList();
        var copied = beforeRestore.Where(i => i.Keyword == "COPY").SelectMany(i => i.Arguments.Split(' ')[..^1]).ToHashSet(StringComparer.Ordinal);

        // Assert: a project missing here fails the image's restore.
        Assert.Contains(build.Instructions, i => i.Keyword == "RUN" && i.Arguments == "dotnet restore Api/Api.csproj");
        Assert.All(ProjectClosure("Api/Api.csproj"), project => Assert.Contains(project, copied));
        Assert.All(["global.json", "Directory.Build.props", "Directory.Packages.props"], file => Assert.Contains(file, copied));
    }

    [Fact]
    public void Entrypoint_runs_the_server_assembly()
    {
        // Arrange
        var entrypoint = DockerfileDocument.ParseExecForm(Final.Last("ENTRYPOINT")!);

        // Assert
        Assert.Equal(["dotnet", typeof(BanditServeHostingExtensions).Assembly.GetName().Name + ".dll"], entrypoint);
        Assert.Equal("/app", Final.Last("WORKDIR"));
    }

    private static IEnumerable<string> ProjectClosure(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var current))
        {
            if (!seen.Add(current))
            {
                continue;
            }

            var document = System.Xml.Linq.XDocument.Load(RepositoryFiles.PathOf(current));
            foreach (var reference in document.Descendants("ProjectReference").Select(r => (string)r.Attribute("Include")!))
            {
                var full = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(RepositoryFiles.PathOf(current))!, reference.Replace('\\', '/')));
                pending.Push(Path.GetRelativePath(RepositoryFiles.Root, full).Replace('\\', '/'));
            }
        }

        return seen;
    }

    [Fact]
    public void Server_runs_as_a_non_root_user()
    {
        // Arrange
        var user = Final.Last("USER");

        // Assert: the aspnet images define APP_UID, a non-root user.
        Assert.NotNull(user);
        Assert.DoesNotContain(user, new[] { "root", "0", "0:0" });
        Assert.True(user == "$APP_UID" || user == "app" || (int.TryParse(user, out var uid) && uid > 0), $"USER {user} is not the image's non-root user");
    }

    [Fact]
    public void Environment_defaults_are_valid_server_configuration()
    {
        // Arrange
        var environment = Final.Environment();

        // Act
        var problems = ServerConfigurationCheck.Problems(environment);

        // Assert
        Assert.Empty(problems);
        Assert.Equal("Production", environment["ASPNETCORE_ENVIRONMENT"]);
    }

    [Fact]
    public void The_image_and_dotnet_run_give_the_server_the_same_young_generation()
    {
        // Arrange: only an environment variable sets the GC's gen0 budget, so each way of starting the server sets it.
        var image = Final.Environment();
        using var launchSettings = System.Text.Json.JsonDocument.Parse(RepositoryFiles.Read("Api/Properties/launchSettings.json"));
        var profile = Assert.Single(launchSettings.RootElement.GetProperty("profiles").EnumerateObject()).Value;
        var dotnetRun = profile.GetProperty("environmentVariables").GetProperty("DOTNET_GCgen0size").GetString();

        // Act
        var bytes = long.Parse(image["DOTNET_GCgen0size"].AsSpan(2), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);

        // Assert: 32 MiB (docs/operations.md, "Runtime settings"), hexadecimal as the runtime reads it.
        Assert.StartsWith("0x", image["DOTNET_GCgen0size"], StringComparison.Ordinal);
        Assert.Equal(32L << 20, bytes);
        Assert.Equal(image["DOTNET_GCgen0size"], dotnetRun);
        Assert.Equal("Project", profile.GetProperty("commandName").GetString());
    }

    [Fact]
    public void Server_listens_on_every_interface_on_the_exposed_port()
    {
        // Arrange
        var listen = DeploymentFiles.ImageListenAddress;
        var exposed = Final.All("EXPOSE").SelectMany(e => e.Split(' ')).Select(p => int.Parse(p.Split('/')[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();

        // Assert: the server's own default (127.0.0.1) would be unreachable from outside the container.
        Assert.True(listen.IsEveryInterface, $"ASPNETCORE_URLS binds {listen.Host}, not every interface");
        Assert.Equal([listen.Port], exposed);

        // The image keeps the server's own default port (API.md), so `docker run -p 8080:8080` and a bare run agree.
        Assert.Equal(ListenAddress.TryParse(ServerOptions.DefaultUrl)!.Port, listen.Port);
    }

    [Fact]
    public void Healthcheck_asks_the_listen_port_for_readiness()
    {
        // Arrange
        var healthcheck = Final.Last("HEALTHCHECK")!;
        var command = DockerfileDocument.ParseExecForm(healthcheck[(healthcheck.IndexOf("CMD", StringComparison.Ordinal) + 3)..].Trim());
        var script = string.Join(' ', command);

        // Assert: bash (for /dev/tcp), head and grep are in the default aspnet image (Ubuntu), not in its chiseled,
        // distroless or Alpine variants, which would turn every container unhealthy.
        Assert.Equal("bash", command[0]);
        Assert.DoesNotMatch("chiseled|distroless|alpine|nanoserver", Final.BaseImage[(Final.BaseImage.LastIndexOf(':') + 1)..]);
        Assert.Contains($"/dev/tcp/127.0.0.1/{DeploymentFiles.ImageListenAddress.Port}", script, StringComparison.Ordinal);
        Assert.Contains("GET /health/ready ", script, StringComparison.Ordinal);
        Assert.Contains("--start-period=", healthcheck, StringComparison.Ordinal);
    }
}
