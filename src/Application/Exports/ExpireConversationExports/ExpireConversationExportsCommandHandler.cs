using System.Globalization;
using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Domain.Exports;

namespace WhatsSuite.Application.Exports.ExpireConversationExports;

internal sealed class ExpireConversationExportsCommandHandler(IApplicationDbContext db, IArchiveStore store, AuditScope auditScope, TimeProvider clock)
    : ICommandHandler<ExpireConversationExportsCommand, Result<ExpiredConversationExports>>
{
    public async ValueTask<Result<ExpiredConversationExports>> Handle(ExpireConversationExportsCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var due = await db.ConversationExports
            .Where(e => e.Status == ConversationExportStatus.Completed && e.ExpiresAt <= now)
            .OrderBy(e => e.ExpiresAt).ThenBy(e => e.Id)
            .Take(ExpireConversationExportsCommand.BatchSize)
            .ToListAsync(cancellationToken);
        foreach (var export in due)
        {
            // The file goes first: should the commit fail, the export is still due and the next run removes nothing twice.
            if (export.FileName is { } fileName)
            {
                await store.DeleteAsync(fileName, cancellationToken);
            }

            export.Expire();
            auditScope.AddTarget(ExportErrors.TargetType, export.Id.ToString(), "expired");
        }

        await db.SaveChangesAsync(cancellationToken);
        auditScope.SetNote(string.Create(CultureInfo.InvariantCulture, $"{due.Count} exports expired"));
        return new ExpiredConversationExports(due.Count, due.Count < ExpireConversationExportsCommand.BatchSize);
    }
}
