using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Behaviors;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Domain.Messages;

namespace WhatsSuite.Application.Media.RequeueStrandedMedia;

internal sealed class RequeueStrandedMediaCommandHandler(
    IApplicationDbContext db, AuditScope auditScope, AfterCommit afterCommit, IMediaDownloads downloads, TimeProvider clock)
    : ICommandHandler<RequeueStrandedMediaCommand, Result<StrandedMediaRequeued>>
{
    public async ValueTask<Result<StrandedMediaRequeued>> Handle(RequeueStrandedMediaCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var untracked = await db.Messages
            .Where(m => m.MediaStatus == null && m.MediaId != null && m.Direction == MessageDirection.Inbound)
            .OrderBy(m => m.Id)
            .Take(RequeueStrandedMediaCommand.BatchSize)
            .ToListAsync(cancellationToken);
        var strandedBefore = now - RequeueStrandedMediaCommand.Grace;
        var stranded = await db.Messages
            .Where(m => m.MediaStatus == MediaStatus.Pending && m.MediaNextAttemptAt <= strandedBefore)
            .OrderBy(m => m.MediaNextAttemptAt).ThenBy(m => m.Id)
            .Take(RequeueStrandedMediaCommand.BatchSize)
            .ToListAsync(cancellationToken);

        var due = new List<Guid>();
        var expired = 0;
        foreach (var message in untracked)
        {
            message.TrackUntrackedMedia(now - RequeueStrandedMediaCommand.KeptAtSource, now);
            if (message.MediaStatus == MediaStatus.Pending)
            {
                due.Add(message.Id);
            }
            else
            {
                expired++;
            }
        }

        foreach (var message in stranded)
        {
            if (message.RequeueStrandedMedia(now))
            {
                due.Add(message.Id);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        afterCommit.Add(() =>
        {
            foreach (var id in due)
            {
                downloads.Enqueue(id);
            }
        });
        auditScope.SetNote($"backfilled {untracked.Count - expired}, expired at WhatsApp {expired}, requeued {stranded.Count}");
        return new StrandedMediaRequeued(untracked.Count - expired, expired, stranded.Count, untracked.Count < RequeueStrandedMediaCommand.BatchSize && stranded.Count < RequeueStrandedMediaCommand.BatchSize);
    }
}
