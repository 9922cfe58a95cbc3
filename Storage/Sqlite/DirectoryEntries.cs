using System.Runtime.InteropServices;

namespace BanditServe.Storage;

/// <summary>
/// Makes a directory's entries durable: on Linux and macOS, a new file's name lives in its directory, and a
/// file fsynced on its own can still vanish after a power loss until the directory is fsynced too.
/// </summary>
/// <remarks>
/// .NET opens no handle to a directory (<see cref="File.OpenHandle"/> refuses one), so this calls the C library's
/// <c>open</c>, <c>fsync</c> and <c>close</c>. On Windows it does nothing: NTFS journals directory entries, and there
/// is no such handle to flush.
/// </remarks>
internal static partial class DirectoryEntries
{
    private const int ReadOnly = 0;

    /// <summary>EINVAL: the file system cannot fsync a directory (some network and FUSE file systems); nothing more to do there.</summary>
    private const int Unsupported = 22;

    /// <summary>Flushes the entries of <paramref name="directory"/> to disk.</summary>
    /// <exception cref="IOException">The directory cannot be opened or flushed; the message names it and the error number.</exception>
    public static void Flush(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        int descriptor = Open(directory, ReadOnly);
        if (descriptor < 0)
        {
            throw new IOException($"Could not open the directory '{directory}' to flush its entries (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (Fsync(descriptor) != 0 && Marshal.GetLastPInvokeError() is var error && error != Unsupported)
            {
                throw new IOException($"Could not flush the entries of the directory '{directory}' (errno {error}).");
            }
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int descriptor);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int descriptor);
}
