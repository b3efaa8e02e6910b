using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Messages;

namespace WhatsSuite.Application.Media.RequeueStrandedMedia;

/// <summary>
/// The media sweep's one batch: gives a media state to inbound media messages stored before files were downloaded
/// (pending, or failed when WhatsApp no longer keeps the file), and queues again pending media whose attempt was due
/// more than <see cref="Grace"/> ago without a download taking it (the process
/// stopped between storing the message and queueing its job, or the job was lost). Each message found gets a
/// download job once the batch has committed; the download job's claim keeps a file that is already being fetched
/// from being fetched twice. Sent by the recurring media sweep as the system actor <c>job:media-sweep</c>.
/// </summary>
[SystemOnly]
public sealed record RequeueStrandedMediaCommand : ICommand<Result<StrandedMediaRequeued>>, IAuditTarget
{
    /// <summary>Messages of each kind one batch takes at most; the sweep runs batches until one is not full.</summary>
    public const int BatchSize = 200;

    /// <summary>
    /// How long past due pending media may stay untaken before it counts as stranded: a queued download job normally
    /// takes it within seconds, and one that runs holds it (its claim) until its deadline.
    /// </summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(2);

    /// <summary>WhatsApp keeps an inbound media file about 30 days; an older one is not fetched by the backfill.</summary>
    public static readonly TimeSpan KeptAtSource = TimeSpan.FromDays(30);

    /// <summary>True when the sweep has something to do (checked before a run, so an idle sweep writes no audit row).</summary>
    public static Task<bool> HasWorkAsync(IApplicationDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var strandedBefore = now - Grace;
        return db.Messages.AnyAsync(
            m => (m.MediaStatus == MediaStatus.Pending && m.MediaNextAttemptAt <= strandedBefore)
                || (m.MediaStatus == null && m.MediaId != null && m.Direction == MessageDirection.Inbound),
            cancellationToken);
    }

    public string AuditTargetType => MediaErrors.TargetType;

    public string? AuditTargetId => null;
}

/// <summary>One batch's counts; <see cref="Done"/> when the batch found less than a full batch of either kind.</summary>
public sealed record StrandedMediaRequeued(int Backfilled, int ExpiredAtSource, int Requeued, bool Done);
