using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Messages.RecordMediaUpload;

internal sealed class RecordMediaUploadCommandHandler(IApplicationDbContext db, AuditScope auditScope, TimeProvider clock)
    : ICommandHandler<RecordMediaUploadCommand, Result<bool>>
{
    public async ValueTask<Result<bool>> Handle(RecordMediaUploadCommand command, CancellationToken cancellationToken)
    {
        // The dispatcher sends this in the scope that loaded the message: found without a query.
        var message = await db.Messages.FindAsync([command.MessageId], cancellationToken);
        if (message is null)
        {
            return MessageErrors.MessageNotFound(command.MessageId);
        }

        if (!message.RecordMediaUpload(command.MediaId, clock.GetUtcNow()))
        {
            auditScope.SetNote("not_recorded");
            return false;
        }

        await db.SaveChangesAsync(cancellationToken);
        auditScope.SetNote("uploaded");
        return true;
    }
}
