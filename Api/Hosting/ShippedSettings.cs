using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace BanditServe.Api.Hosting;

/// <summary>
/// Makes the configuration independent of the directory the server was started from, and static.
/// </summary>
/// <remarks>
/// ASP.NET Core reads <c>appsettings.json</c> from the content root, which is the working directory:
/// <c>dotnet BanditServe.Api.dll</c> started anywhere but the build output ran without the shipped
/// settings (every request logged at Information, a large cost under load). The copy next to the
/// assembly is now read first, so the working directory's file, environment variables and the command
/// line still override it. Files are not watched (<see cref="ReloadOnChangeKey"/>): options are
/// validated once at start, and the recursive watcher of the content root woke on every write below it
/// (a SQLite database, a build) and held an inotify watch per directory.
/// </remarks>
public static class ShippedSettings
{
    public const string FileName = "appsettings.json";

    /// <summary>The host setting that decides whether configuration files are watched; the server passes false.</summary>
    public const string ReloadOnChangeKey = "hostBuilder:reloadConfigOnChange";

    public static ConfigurationManager UseShippedSettings(this ConfigurationManager configuration, string contentRoot)
    {
        IConfigurationSource[] sources = [.. configuration.Sources];
        configuration.Sources.Clear();
        if (!SameDirectory(AppContext.BaseDirectory, contentRoot))
        {
            configuration.Sources.Add(new JsonConfigurationSource
            {
                FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
                Path = FileName,
                Optional = true,
                ReloadOnChange = false,
            });
        }

        foreach (var source in sources)
        {
            configuration.Sources.Add(source);
        }

        return configuration;
    }

    private static bool SameDirectory(string a, string b) =>
        string.Equals(Path.GetFullPath(a).TrimEnd(Path.DirectorySeparatorChar), Path.GetFullPath(b).TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal);
}
