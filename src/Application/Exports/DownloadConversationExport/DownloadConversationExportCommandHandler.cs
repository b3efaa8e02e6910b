using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Exports;

namespace WhatsSuite.Application.Exports.DownloadConversationExport;

internal sealed class DownloadConversationExportCommandHandler(IApplicationDbContext db, IArchiveStore store, ActorContext actorContext, AuditScope auditScope)
    : ICommandHandler<DownloadConversationExportCommand, Result<ConversationExportDownload>>
{
    public async ValueTask<Result<ConversationExportDownload>> Handle(DownloadConversationExportCommand command, CancellationToken cancellationToken)
    {
        var export = await db.ConversationExports.AsNoTracking().SingleOrDefaultAsync(e => e.Id == command.Id, cancellationToken);
        if (export is null)
        {
            return ExportErrors.NotFound(command.Id);
        }

        if (!ConversationExportVisibility.Sees(export, actorContext.Current))
        {
            auditScope.Deny(ConversationExportVisibility.NotRequester);
            return ExportErrors.NotFound(command.Id);
        }

        if (export.Status != ConversationExportStatus.Completed || export.FileName is null || export.Sha256 is null)
        {
            return ExportErrors.NotReady(export.Id, export.Status);
        }

        var file = await store.OpenReadAsync(export.FileName, cancellationToken);
        if (file is null)
        {
            return ExportErrors.FileMissing(export.Id);
        }

        return new ConversationExportDownload(Sha256Stream.ForReading(file, export.Sha256), ConversationExportFileDto.DownloadName(export, withGzip: true), export.Bytes ?? 0);
    }
}
