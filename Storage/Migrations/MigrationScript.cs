namespace BanditServe.Storage;

/// <summary>One versioned schema migration, read from the SQL files embedded in this assembly.</summary>
/// <param name="Version">The number the file name starts with (<c>0001_initial.sql</c> → 1).</param>
/// <param name="Name">The file name.</param>
/// <param name="Sql">The script.</param>
internal sealed record MigrationScript(int Version, string Name, string Sql)
{
    /// <summary>Loads the embedded scripts under a resource prefix, ordered by version.</summary>
    public static IReadOnlyList<MigrationScript> LoadEmbedded(string resourcePrefix)
    {
        var assembly = typeof(MigrationScript).Assembly;
        var scripts = new List<MigrationScript>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(resourcePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var name = resource[resourcePrefix.Length..];
            var version = int.Parse(name.AsSpan(0, name.IndexOf('_', StringComparison.Ordinal)), System.Globalization.CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException($"Embedded migration '{resource}' cannot be read.");
            using var reader = new StreamReader(stream);
            scripts.Add(new MigrationScript(version, name, reader.ReadToEnd()));
        }

        scripts.Sort((left, right) => left.Version.CompareTo(right.Version));
        for (var i = 1; i < scripts.Count; i++)
        {
            if (scripts[i].Version == scripts[i - 1].Version)
            {
                throw new InvalidOperationException($"Migrations '{scripts[i - 1].Name}' and '{scripts[i].Name}' share version {scripts[i].Version}.");
            }
        }

        return scripts;
    }
}
