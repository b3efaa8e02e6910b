using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Conversations;
using WhatsSuite.Application.Settings;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Queues.SetQueueInactivity;

internal sealed class SetQueueInactivityCommandHandler(IApplicationDbContext db, ConversationAccess access, TimeProvider clock)
    : ICommandHandler<SetQueueInactivityCommand, Result<QueueInactivityDto>>
{
    public async ValueTask<Result<QueueInactivityDto>> Handle(SetQueueInactivityCommand command, CancellationToken cancellationToken)
    {
        var queue = await db.Queues.SingleOrDefaultAsync(q => q.Id == command.Id && q.DeletedAt == null, cancellationToken);
        var actor = access.Actor;
        if (queue is null || (actor.Role == Role.SUPERVISOR && !await access.IsMemberAsync(queue.Id, actor.UserId!.Value, cancellationToken)))
        {
            return QueueErrors.NotFound(command.Id);
        }

        queue.SetInactivity(command.WarnMinutes, command.CloseMinutes, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        var defaults = await SettingsReader.ReadAsync(db, cancellationToken);
        return new QueueInactivityDto(
            queue.Id,
            queue.InactivityWarnMinutes,
            queue.InactivityCloseMinutes,
            queue.InactivityWarnMinutes ?? defaults.InactivityWarnMinutes,
            queue.InactivityCloseMinutes ?? defaults.InactivityCloseMinutes);
    }
}
