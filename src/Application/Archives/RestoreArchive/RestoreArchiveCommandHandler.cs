using System.Globalization;
using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Archives.RestoreArchive;

internal sealed class RestoreArchiveCommandHandler(IApplicationDbContext db, AuditScope auditScope, TimeProvider clock, IArchiveRestorer? restorer = null)
    : ICommandHandler<RestoreArchiveCommand, Result<RestoredArchiveDto>>
{
    public async ValueTask<Result<RestoredArchiveDto>> Handle(RestoreArchiveCommand command, CancellationToken cancellationToken)
    {
        var archive = await db.HistoryArchives.SingleOrDefaultAsync(a => a.Id == command.ArchiveId, cancellationToken);
        if (archive is null)
        {
            return ArchiveErrors.ArchiveNotFound(command.ArchiveId);
        }

        if (restorer is null)
        {
            return ArchiveErrors.NotPartitioned;
        }

        var restore = await restorer.RestoreAsync(archive, cancellationToken);
        if (restore.Verdict != ArchiveFiles.Verdict.Intact)
        {
            return ArchiveErrors.Unreadable(archive.Id, restore.Verdict);
        }

        var now = clock.GetUtcNow();
        archive.MarkRestored(now);
        await db.SaveChangesAsync(cancellationToken);
        auditScope.SetNote(string.Create(CultureInfo.InvariantCulture, $"{archive.TableName} {archive.PeriodStart:yyyy-MM}: {restore.RowsRestored} of {archive.Rows} rows put back"));
        return new RestoredArchiveDto(archive.Id, archive.TableName, archive.Rows, restore.RowsRestored, now);
    }
}
