namespace Bittensor.Identity;

/// <summary>
/// Writes keyfiles readable and writable by the owner only (mode 600 on Unix; folders 700), atomically:
/// the content goes to a temporary file beside the target, which then replaces it.
/// </summary>
internal static class KeyfileWriter
{
    private const UnixFileMode OwnerFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates <paramref name="path"/> (and its parents) with owner-only access where it is missing.</summary>
    public static void CreateFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, OwnerFolder);
        }
    }

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/>; refuses to replace a file unless <paramref name="overwrite"/>.</summary>
    public static void Write(string path, ReadOnlySpan<byte> content, bool overwrite)
    {
        if (!overwrite && File.Exists(path))
        {
            throw new IOException($"The keyfile '{path}' already exists; pass overwrite to replace it.");
        }

        var folder = System.IO.Path.GetDirectoryName(path) ?? ".";
        CreateFolder(folder);
        var temporary = System.IO.Path.Combine(folder, $".{System.IO.Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerFile;
        }

        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }
}
