using System.Globalization;
using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Presence.PurgePresence;

internal sealed class PurgePresenceCommandHandler(IApplicationDbContext db, AuditScope auditScope)
    : ICommandHandler<PurgePresenceCommand, Result<PurgedPresence>>
{
    public async ValueTask<Result<PurgedPresence>> Handle(PurgePresenceCommand command, CancellationToken cancellationToken)
    {
        var before = command.Before;
        var ids = await db.PresenceIntervals
            .Where(i => i.EndedAt < before)
            .OrderBy(i => i.EndedAt).ThenBy(i => i.Id)
            .Select(i => i.Id)
            .Take(PurgePresenceCommand.BatchSize)
            .ToListAsync(cancellationToken);
        var deleted = ids.Count == 0 ? 0 : await db.PresenceIntervals.Where(i => ids.Contains(i.Id)).ExecuteDeleteAsync(cancellationToken);
        auditScope.SetNote(string.Create(CultureInfo.InvariantCulture, $"{deleted} presence stretches deleted"));
        return new PurgedPresence(deleted, ids.Count < PurgePresenceCommand.BatchSize);
    }
}
