namespace BanditServe.EndToEnd.Tests.Deployment;

/// <summary>Files of the repository under test, found from the test assembly's location.</summary>
public static class RepositoryFiles
{
    private static readonly Lazy<string> RootDirectory = new(FindRoot);

    /// <summary>The folder holding BanditServe.slnx.</summary>
    public static string Root => RootDirectory.Value;

    public static string PathOf(string relativePath) =>
        Path.Combine(Root, relativePath.Replace('/', Path.DirectorySeparatorChar));

    public static string Read(string relativePath) => File.ReadAllText(PathOf(relativePath));

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "BanditServe.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName
            ?? throw new InvalidOperationException("could not find the repository root (BanditServe.slnx) above " + AppContext.BaseDirectory);
    }
}
