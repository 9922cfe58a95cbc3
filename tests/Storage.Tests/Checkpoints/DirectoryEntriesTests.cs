namespace BanditServe.Storage.Tests;

public sealed class DirectoryEntriesTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("banditserve-entries-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_directory_with_a_new_file_is_flushed_through_the_c_library()
    {
        File.WriteAllBytes(Path.Combine(_directory, "new.join"), [1, 2, 3]);

        // Throws DllNotFoundException or EntryPointNotFoundException where the C library cannot be called.
        DirectoryEntries.Flush(_directory);

        Assert.True(File.Exists(Path.Combine(_directory, "new.join")));
    }

    [Fact]
    public void A_directory_that_does_not_exist_is_named_in_the_error()
    {
        var missing = Path.Combine(_directory, "gone");
        if (OperatingSystem.IsWindows())
        {
            // Nothing to open there: directory entries are journaled by NTFS.
            DirectoryEntries.Flush(missing);
            return;
        }

        var error = Assert.Throws<IOException>(() => DirectoryEntries.Flush(missing));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Contains("errno 2", error.Message, StringComparison.Ordinal);
    }
}
