using WhatsSuite.Application.Media;
using WhatsSuite.Infrastructure.Configuration;

namespace WhatsSuite.Infrastructure.Media;

/// <summary>
/// Media files in <c>MEDIA_STORAGE_DIR</c>, one file per key (owner read/write only). A write goes to a temporary
/// file next to its target and is renamed into place, so a reader never sees half a file. Keys are checked
/// (<see cref="MediaKeys.IsValid"/>) and must resolve inside the directory.
/// </summary>
public sealed class LocalMediaBlobStore(MediaSettings settings) : IMediaBlobStore
{
    private const int BufferSize = 81920;
    private readonly string _root = Path.TrimEndingDirectorySeparator(settings.StorageDirectory);

    public async Task WriteAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var path = PathOf(key);
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
                await content.CopyToAsync(file, BufferSize, cancellationToken);
                await file.FlushAsync(cancellationToken);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    public Task<Stream?> OpenReadAsync(string key, long offset, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        if (!File.Exists(path))
        {
            return Task.FromResult<Stream?>(null);
        }

        try
        {
            var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
            file.Seek(offset, SeekOrigin.Begin);
            return Task.FromResult<Stream?>(file);
        }
        catch (FileNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public Task MoveAsync(string fromKey, string toKey, CancellationToken cancellationToken)
    {
        var target = PathOf(toKey);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Move(PathOf(fromKey), target, overwrite: true);
        return Task.CompletedTask;
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        File.Delete(PathOf(key));
        return Task.CompletedTask;
    }

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken) => Task.FromResult(File.Exists(PathOf(key)));

    /// <summary>The file of a key; a malformed key, or one that would leave the directory, is refused.</summary>
    public string PathOf(string key)
    {
        if (!MediaKeys.IsValid(key))
        {
            throw new ArgumentException("Malformed media storage key.", nameof(key));
        }

        var path = Path.GetFullPath(Path.Combine(_root, key));
        if (!path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException("The media storage key leaves the storage directory.", nameof(key));
        }

        return path;
    }
}
