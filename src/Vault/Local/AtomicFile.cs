namespace SslFlow.Vault.Local;

/// <summary>
/// Whole-file writes that are either fully there or not at all: write a temp file in the same folder, flush it to
/// disk, then rename it over the target (rename is atomic on POSIX and NTFS). A crash leaves at most a stray
/// "*.tmp" file, which readers never look at and <see cref="DeleteStrayTempFiles"/> removes.
/// </summary>
internal static class AtomicFile
{
    public const string TempSuffix = ".tmp";

    public static async Task WriteAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var temp = $"{path}.{Guid.NewGuid():N}{TempSuffix}";
        try
        {
            await using (var stream = new FileStream(temp, PrivateFileOptions(FileMode.CreateNew)))
            {
                await stream.WriteAsync(content, cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Owner-only files (0600) on Unix: key files, state and the master key file.</summary>
    public static FileStreamOptions PrivateFileOptions(FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = FileShare.None, Options = FileOptions.Asynchronous };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return options;
    }

    public static void DeleteStrayTempFiles(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(folder, "*" + TempSuffix))
        {
            TryDelete(file);
        }
    }

    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
