using System.Text.RegularExpressions;
using WhatsSuite.Application.Common.Interfaces;

namespace WhatsSuite.Infrastructure.Archives;

/// <summary>
/// Archive files in <c>ARCHIVE_DIR</c> (owner read/write only). A write goes to a temporary file next to its target
/// and is renamed into place once flushed to disk, so a reader never sees half an archive. Names are checked and must
/// resolve inside the directory.
/// </summary>
public sealed partial class LocalArchiveStore(string directory) : IArchiveStore
{
    private const int BufferSize = 81920;
    private readonly string _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));

    public async Task WriteAsync(string name, Func<Stream, Task> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        var path = PathOf(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.part";
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, BufferSize = BufferSize, Options = FileOptions.Asynchronous };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            await using (var file = new FileStream(temporary, options))
            {
                await write(file);
                await file.FlushAsync(cancellationToken);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: false);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    public Task<Stream?> OpenReadAsync(string name, CancellationToken cancellationToken)
    {
        var path = PathOf(name);
        try
        {
            return Task.FromResult<Stream?>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan));
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            File.Delete(PathOf(name));
        }
        catch (DirectoryNotFoundException)
        {
            // No directory, no file: a missing file is not an error.
        }

        return Task.CompletedTask;
    }

    private string PathOf(string name)
    {
        if (!ValidName().IsMatch(name) || name.Contains("..", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{name}' is not a valid archive name.", nameof(name));
        }

        var path = Path.GetFullPath(Path.Combine(_root, name));
        if (!path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{name}' is outside the archive directory.", nameof(name));
        }

        return path;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._/-]{0,254}$", RegexOptions.CultureInvariant)]
    private static partial Regex ValidName();
}
