using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Retries;
using WhatsSuite.Domain.Media;
using WhatsSuite.Domain.Messages;

namespace WhatsSuite.Application.Media.RecordMediaDownload;

internal sealed class RecordMediaDownloadCommandHandler(IApplicationDbContext db, AuditScope auditScope, MediaOptions options, TimeProvider clock)
    : ICommandHandler<RecordMediaDownloadCommand, Result<MediaDownloadRecorded>>
{
    /// <summary>The first retry waits this long; each next one twice as long, up to <see cref="MaxDelay"/>.</summary>
    public static readonly TimeSpan BaseDelay = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan MaxDelay = TimeSpan.FromHours(1);

    public async ValueTask<Result<MediaDownloadRecorded>> Handle(RecordMediaDownloadCommand command, CancellationToken cancellationToken)
    {
        var message = await db.Messages.SingleOrDefaultAsync(m => m.Id == command.MessageId, cancellationToken);
        if (message is null)
        {
            return MediaErrors.MessageNotFound(command.MessageId);
        }

        if (message.MediaStatus != MediaStatus.Pending)
        {
            auditScope.SetNote("not_pending");
            return new MediaDownloadRecorded(false, message.MediaStatus, message.MediaAttempts, null);
        }

        var now = clock.GetUtcNow();
        var outcome = command.Outcome;
        TimeSpan? retryIn = null;
        switch (outcome.Kind)
        {
            case MediaDownloadOutcomeKind.Stored:
                var stored = await db.MediaObjects.SingleOrDefaultAsync(o => o.ConnectionId == message.ConnectionId && o.Sha256 == outcome.Sha256, cancellationToken);
                if (stored is null)
                {
                    stored = MediaObject.Create(message.ConnectionId, outcome.Sha256!, outcome.StorageKey!, outcome.Size, outcome.ContentType!, outcome.KeyId, now);
                    db.MediaObjects.Add(stored);
                    auditScope.SetNote("stored");
                }
                else
                {
                    auditScope.SetNote("stored: already present");
                }

                message.MarkMediaAvailable(stored.Id, now);
                break;
            case MediaDownloadOutcomeKind.Quarantined:
                message.QuarantineMedia(outcome.Reason ?? "quarantined", now);
                auditScope.SetNote($"quarantined: {message.MediaError}");
                break;
            default:
                var giveUp = !outcome.Retryable || message.MediaAttempts + 1 >= options.DownloadMaxAttempts;
                message.MarkMediaAttemptFailed(outcome.Reason ?? "download_failed", giveUp, now);
                retryIn = giveUp ? null : ExponentialBackoff.Delay(message.MediaAttempts, BaseDelay, MaxDelay);
                if (retryIn is { } delay)
                {
                    message.ScheduleMediaAttempt(now + delay);
                }

                auditScope.SetNote(giveUp ? $"failed: {message.MediaError}" : $"retry: {message.MediaError}");
                break;
        }

        await db.SaveChangesAsync(cancellationToken);
        return new MediaDownloadRecorded(true, message.MediaStatus, message.MediaAttempts, retryIn);
    }
}
