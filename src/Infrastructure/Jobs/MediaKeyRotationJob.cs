using Hangfire;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Logging;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Application.Media;
using WhatsSuite.Application.Media.RecordMediaReencrypted;

namespace WhatsSuite.Infrastructure.Jobs;

/// <summary>
/// The media key rotation (<c>rotate-media-key</c>): re-encrypts every stored media file that is not under the current
/// media key, <see cref="BatchSize"/> files per Hangfire job, in id order. Each file is read (decrypted with whichever
/// key its header names), written again under the current key to a temporary key and moved over the original, so a
/// reader always finds a whole file; each batch is recorded with <see cref="RecordMediaReencryptedCommand"/> as the
/// system actor <c>job:rotate-media-key</c> (audited), then the next batch is queued with the count done. The
/// dashboard lists every batch by name with its progress ("… 150 of 400 done"); a batch that fails is retried by
/// Hangfire from the same position, so the rotation resumes where it stopped. A rotation for a key that is no longer
/// the current one stops. A file missing from storage is logged and skipped.
/// </summary>
public sealed partial class MediaKeyRotationJob(IServiceScopeFactory scopes, IMediaStore store, IMediaKeyRotations rotations, ILogger<MediaKeyRotationJob> logger)
{
    /// <summary>The command-line verb, and the system actor (<c>job:rotate-media-key</c>).</summary>
    public const string Name = "rotate-media-key";

    public const string DisplayName = "Re-encrypt media files under key {0} ({2} of {3} done)";

    /// <summary>Files one job re-encrypts before it queues the next batch.</summary>
    public const int BatchSize = 50;

    [JobDisplayName(DisplayName)]
    [AutomaticRetry(Attempts = 5)]
    public async Task RunAsync(string keyId, int skipped, int done, int total, CancellationToken cancellationToken)
    {
        if (store.CurrentKeyId != keyId)
        {
            LogSuperseded(logger, keyId);
            return;
        }

        var batch = await RunBatchAsync(keyId, skipped, cancellationToken);
        done += batch.Rewritten;
        LogProgress(logger, keyId, done, total);
        if (batch.More)
        {
            rotations.Continue(keyId, skipped + batch.Missing, done, total);
        }
    }

    /// <summary>The whole rotation at once, batch after batch (the command-line verb); answers the files re-encrypted.</summary>
    public async Task<int> RunAllAsync(CancellationToken cancellationToken)
    {
        var keyId = store.CurrentKeyId ?? throw new InvalidOperationException("Media encryption is off (MEDIA_ENCRYPTION_ENABLED=false): there is no key to rotate to.");
        int done = 0, skipped = 0;
        bool more;
        do
        {
            var batch = await RunBatchAsync(keyId, skipped, cancellationToken);
            done += batch.Rewritten;
            skipped += batch.Missing;
            more = batch.More;
            LogProgress(logger, keyId, done, done);
        }
        while (more);

        return done;
    }

    /// <summary>
    /// One batch of the files not under <paramref name="keyId"/>, in id order, after the <paramref name="skipped"/> first
    /// ones (files missing from storage, which stay behind: every other file leaves the set once re-encrypted).
    /// </summary>
    private async Task<(int Rewritten, int Missing, bool More)> RunBatchAsync(string keyId, int skipped, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ActorContext>().Set(Actor.System(Name));
        var db = scope.ServiceProvider.GetRequiredService<IApplicationDbContext>();
        var batch = await db.MediaObjects.AsNoTracking()
            .Where(o => o.KeyId == null || o.KeyId != keyId)
            .OrderBy(o => o.Id)
            .Skip(skipped)
            .Select(o => new { o.Id, o.StorageKey })
            .Take(BatchSize)
            .ToListAsync(cancellationToken);
        var rewritten = new List<Guid>();
        foreach (var stored in batch)
        {
            var temporary = MediaKeys.Incoming(stored.Id);
            await using (var plaintext = await store.OpenReadAsync(stored.StorageKey, 0, cancellationToken))
            {
                if (plaintext is null)
                {
                    LogMissing(logger, stored.Id);
                    continue;
                }

                await store.WriteAsync(temporary, plaintext, cancellationToken);
            }

            await store.MoveAsync(temporary, stored.StorageKey, cancellationToken);
            rewritten.Add(stored.Id);
        }

        if (rewritten.Count > 0)
        {
            var result = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new RecordMediaReencryptedCommand(rewritten, keyId), cancellationToken);
            if (!result.IsSuccess)
            {
                throw new InvalidOperationException($"Recording re-encrypted media files failed: {result.Error.Code}.");
            }
        }

        return (rewritten.Count, batch.Count - rewritten.Count, batch.Count == BatchSize);
    }

    [LoggerMessage(EventId = LogEvents.MediaKeyRotationProgress, Level = LogLevel.Information, Message = "Media key rotation to key {KeyId}: {Done} of {Total} files re-encrypted")]
    private static partial void LogProgress(ILogger logger, string keyId, int done, int total);

    [LoggerMessage(EventId = LogEvents.MediaKeyRotationSuperseded, Level = LogLevel.Warning, Message = "Media key rotation to key {KeyId} stopped: it is no longer the current media key")]
    private static partial void LogSuperseded(ILogger logger, string keyId);

    [LoggerMessage(EventId = LogEvents.MediaKeyRotationFileMissing, Level = LogLevel.Warning, Message = "Media key rotation: the file of media object {MediaObjectId} is missing from storage; skipped")]
    private static partial void LogMissing(ILogger logger, Guid mediaObjectId);
}

/// <summary>Queues the batches of <see cref="MediaKeyRotationJob"/> in Hangfire.</summary>
public sealed class HangfireMediaKeyRotations(IBackgroundJobClient jobs) : IMediaKeyRotations
{
    public void Start(string keyId, int total) =>
        jobs.Enqueue<MediaKeyRotationJob>(job => job.RunAsync(keyId, 0, 0, total, CancellationToken.None));

    public void Continue(string keyId, int skipped, int done, int total) =>
        jobs.Enqueue<MediaKeyRotationJob>(job => job.RunAsync(keyId, skipped, done, total, CancellationToken.None));
}

/// <summary>The <c>rotate-media-key</c> command-line verb: the whole media key rotation in this process, then it exits.</summary>
public static class MediaKeyRotation
{
    public const string CommandName = MediaKeyRotationJob.Name;

    public static async Task<int> RotateMediaKeyAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MediaKeyRotationJob>().RunAllAsync(cancellationToken);
    }
}
