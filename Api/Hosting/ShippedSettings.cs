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
/// line still override it. File watching is off: options are validated once at start and not re-read,
/// and the watcher of the content root woke on every write of a SQLite database kept below it.
/// </remarks>
public static class ShippedSettings
{
    public const string FileName = "appsettings.json";

    public static ConfigurationManager UseShippedSettings(this ConfigurationManager configuration, string contentRoot)
    {
        IConfigurationSource[] sources = [.. configuration.Sources];
        foreach (var file in sources.OfType<FileConfigurationSource>())
        {
            file.ReloadOnChange = false;
        }

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
