namespace BanditServe.Api.Tests.Security;

/// <summary>SQL only through parameters: the Storage sources never put a value into SQL text.</summary>
public sealed class SqlParameterTests
{
    [Fact]
    public void Storage_builds_no_sql_from_values()
    {
        var storage = Path.Combine(RepositoryRoot(), "Storage");
        var files = Directory.EnumerateFiles(storage, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        var sources = files.ToDictionary(f => Path.GetRelativePath(storage, f), File.ReadAllText);
        var constants = SqlTextScanner.Constants(sources.Values);

        var findings = sources.SelectMany(s => SqlTextScanner.Scan(s.Key, s.Value, constants)).ToList();

        Assert.True(files.Count > 10, $"only {files.Count} Storage sources found under {storage}");
        Assert.True(findings.Count == 0, string.Join("\n", findings));
    }

    [Theory]
    [InlineData("var sql = $\"SELECT * FROM surfaces WHERE surface = '{surface}'\";")]
    [InlineData("command.CommandText = $\"\"\"\n    DELETE FROM items WHERE item_id = {request.ItemId}\n    \"\"\";")]
    [InlineData("var sql = \"SELECT * FROM items WHERE item_id = '\" + itemId + \"'\";")]
    [InlineData("var sql = $@\"UPDATE surfaces SET alpha = {alpha}\";")]
    public void The_scanner_flags_sql_built_from_values(string code)
    {
        var findings = SqlTextScanner.Scan("Example.cs", code, new HashSet<string>(["SurfaceColumns"], StringComparer.Ordinal));

        Assert.NotEmpty(findings);
    }

    [Theory]
    [InlineData("var sql = $\"SELECT {SurfaceColumns} FROM surfaces WHERE surface = @surface\";")]
    [InlineData("command.CommandText = $\"DELETE FROM {table} WHERE at < $1\";")]
    [InlineData("logger.Log($\"surface {surface} was deleted\");")]
    public void The_scanner_accepts_constant_fragments_and_parameters(string code)
    {
        var findings = SqlTextScanner.Scan("Example.cs", code, new HashSet<string>(["SurfaceColumns"], StringComparer.Ordinal));

        Assert.Empty(findings);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "BanditServe.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("no BanditServe.slnx above " + AppContext.BaseDirectory);
    }
}
