using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Media.RecordMediaReencrypted;

internal sealed class RecordMediaReencryptedCommandHandler(IApplicationDbContext db, AuditScope auditScope, TimeProvider clock)
    : ICommandHandler<RecordMediaReencryptedCommand, Result<int>>
{
    public async ValueTask<Result<int>> Handle(RecordMediaReencryptedCommand command, CancellationToken cancellationToken)
    {
        var ids = command.ObjectIds.ToList();
        var objects = await db.MediaObjects.Where(o => ids.Contains(o.Id)).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        foreach (var stored in objects)
        {
            stored.ReEncrypted(command.KeyId, now);
        }

        await db.SaveChangesAsync(cancellationToken);
        auditScope.SetNote($"re-encrypted {objects.Count} files");
        return objects.Count;
    }
}
