using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;

namespace WhatsSuite.Application.Media.DeleteUnreferencedMedia;

/// <summary>
/// The unreferenced-media sweep's one batch: deletes the stored files no message references (an agent's upload that
/// was never sent, or a file whose messages are gone) once they were last stored or reused more than
/// <c>MEDIA_UNREFERENCED_GRACE</c> ago, from the table and from the media store (with their thumbnails). A queued or
/// retrying outbound message references its file like any other message, so nothing the outbox will still send is
/// touched. Sent by the recurring job as the system actor <c>job:media-unreferenced-sweep</c>.
/// </summary>
[SystemOnly]
public sealed record DeleteUnreferencedMediaCommand : ICommand<Result<UnreferencedMediaDeleted>>, IAuditTarget
{
    /// <summary>Objects one batch takes at most; the sweep runs batches until one is not full.</summary>
    public const int BatchSize = 100;

    /// <summary>The audit target type of a deleted stored file.</summary>
    public const string ObjectTargetType = "media_object";

    /// <summary>True when the sweep has something to do (checked before a run, so an idle sweep writes no audit row).</summary>
    public static Task<bool> HasWorkAsync(IApplicationDbContext db, DateTimeOffset unusedSince, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return Unreferenced(db, unusedSince).AnyAsync(cancellationToken);
    }

    /// <summary>Stored files no message references, unused since before <paramref name="unusedSince"/>.</summary>
    internal static IQueryable<Domain.Media.MediaObject> Unreferenced(IApplicationDbContext db, DateTimeOffset unusedSince) =>
        db.MediaObjects.Where(o => o.UpdatedAt < unusedSince && !db.Messages.Any(m => m.MediaObjectId == o.Id));

    public string AuditTargetType => ObjectTargetType;

    public string? AuditTargetId => null;
}

/// <summary>One batch's count; <see cref="Done"/> when the batch found less than a full batch.</summary>
public sealed record UnreferencedMediaDeleted(int Deleted, bool Done);
