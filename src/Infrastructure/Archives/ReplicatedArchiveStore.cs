using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Infrastructure.Media;

namespace WhatsSuite.Infrastructure.Archives;

/// <summary>
/// Archive files kept twice when media storage is an S3-compatible bucket (ADR 0033): in <c>ARCHIVE_DIR</c> and as an
/// object of the media bucket under <c>archives/</c> (<see cref="KeyOf"/>). A write is complete only once both hold it:
/// when the upload fails, the local file is removed and the write fails, so the month stays live. Reads use the local
/// file and fall back to the bucket when it is gone (a lost disk, a new instance); deletes remove both.
/// </summary>
public sealed class ReplicatedArchiveStore(LocalArchiveStore local, IMediaBlobStore bucket) : IArchiveStore
{
    public async Task WriteAsync(string name, Func<Stream, Task> write, CancellationToken cancellationToken)
    {
        await local.WriteAsync(name, write, cancellationToken);
        try
        {
            await using var file = await local.OpenReadAsync(name, cancellationToken)
                ?? throw new InvalidOperationException($"The archive {name} was not found right after it was written.");
            await bucket.WriteAsync(KeyOf(name), file, cancellationToken);
        }
        catch
        {
            await local.DeleteAsync(name, CancellationToken.None);
            throw;
        }
    }

    public async Task<Stream?> OpenReadAsync(string name, CancellationToken cancellationToken) =>
        await local.OpenReadAsync(name, cancellationToken) ?? await bucket.OpenReadAsync(KeyOf(name), 0, cancellationToken);

    public async Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        await local.DeleteAsync(name, cancellationToken);
        await bucket.DeleteAsync(KeyOf(name), cancellationToken);
    }

    /// <summary>
    /// The bucket key of an archive file: <c>archives/</c> and its name with dots as dashes (bucket keys are lowercase
    /// letters, digits and dashes between slashes), e.g. <c>archives/messages/2026-09-&lt;id&gt;-jsonl-gz</c>.
    /// </summary>
    public static string KeyOf(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return "archives/" + name.Replace('.', '-');
    }
}
