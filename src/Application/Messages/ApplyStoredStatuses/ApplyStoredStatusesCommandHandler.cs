using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Campaigns;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Domain.Messages;

namespace WhatsSuite.Application.Messages.ApplyStoredStatuses;

internal sealed class ApplyStoredStatusesCommandHandler(IApplicationDbContext db, TimeProvider clock)
    : ICommandHandler<ApplyStoredStatusesCommand, Result<bool>>
{
    public async ValueTask<Result<bool>> Handle(ApplyStoredStatusesCommand command, CancellationToken cancellationToken)
    {
        var message = await db.Messages.SingleOrDefaultAsync(m => m.Id == command.MessageId && m.Direction == MessageDirection.Outbound, cancellationToken);
        if (message is null)
        {
            return MessageErrors.MessageNotFound(command.MessageId);
        }

        if (message.Wamid is not { } wamid)
        {
            return false;
        }

        var events = await db.MessageStatusEvents.AsNoTracking()
            .Where(e => e.ConnectionId == message.ConnectionId && e.Wamid == wamid)
            .ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        if (!message.ApplyStatuses(events, now))
        {
            return false;
        }

        await CampaignLedger.FollowAsync(db, message.Id, message.Status, message.ErrorCode, message.ErrorTitle, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
