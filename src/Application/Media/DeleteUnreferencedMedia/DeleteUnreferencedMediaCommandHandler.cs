using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Media.DeleteUnreferencedMedia;

/// <summary>
/// Each candidate is deleted by a statement of its own that checks again, in the database, that no message references
/// it and that it was not reused since it was read (<see cref="MediaObjectReuse"/>): a message that starts using it, or
/// an upload of the same bytes, wins. Its file and thumbnail are deleted inside the batch's transaction, so a reuse
/// waiting on the deleted row stores the file again only after they are gone.
/// </summary>
internal sealed class DeleteUnreferencedMediaCommandHandler(IApplicationDbContext db, IMediaStore store, MediaOptions options, AuditScope auditScope, TimeProvider clock)
    : ICommandHandler<DeleteUnreferencedMediaCommand, Result<UnreferencedMediaDeleted>>
{
    public async ValueTask<Result<UnreferencedMediaDeleted>> Handle(DeleteUnreferencedMediaCommand command, CancellationToken cancellationToken)
    {
        var unusedSince = clock.GetUtcNow() - options.UnreferencedGrace;
        var candidates = await DeleteUnreferencedMediaCommand.Unreferenced(db, unusedSince)
            .AsNoTracking()
            .OrderBy(o => o.Id)
            .Take(DeleteUnreferencedMediaCommand.BatchSize)
            .Select(o => new { o.Id, o.StorageKey, o.UpdatedAt })
            .ToListAsync(cancellationToken);

        var deleted = 0;
        foreach (var candidate in candidates)
        {
            var removed = await db.MediaObjects
                .Where(o => o.Id == candidate.Id && o.UpdatedAt == candidate.UpdatedAt && !db.Messages.Any(m => m.MediaObjectId == candidate.Id))
                .ExecuteDeleteAsync(cancellationToken);
            if (removed == 0)
            {
                continue;
            }

            await store.DeleteAsync(candidate.StorageKey, cancellationToken);
            await store.DeleteAsync(MediaKeys.Thumbnail(candidate.StorageKey), cancellationToken);
            auditScope.AddTarget(DeleteUnreferencedMediaCommand.ObjectTargetType, candidate.Id.ToString(), null);
            deleted++;
        }

        auditScope.SetNote($"deleted {deleted} unreferenced of {candidates.Count} found (unused since before {unusedSince:O})");
        return new UnreferencedMediaDeleted(deleted, candidates.Count < DeleteUnreferencedMediaCommand.BatchSize);
    }
}
