using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Application.Queues;

namespace WhatsSuite.Application.Connections.UnlinkConnectionQueue;

internal sealed class UnlinkConnectionQueueCommandHandler(IApplicationDbContext db, ISecretProtector protector, ActorContext actorContext, TimeProvider clock)
    : ICommandHandler<UnlinkConnectionQueueCommand, Result<ConnectionDto>>
{
    public async ValueTask<Result<ConnectionDto>> Handle(UnlinkConnectionQueueCommand command, CancellationToken cancellationToken)
    {
        var connection = await db.Connections.Include(c => c.Queues).SingleOrDefaultAsync(c => c.Id == command.ConnectionId && c.DeletedAt == null, cancellationToken);
        if (connection is null)
        {
            return ConnectionErrors.NotFound(command.ConnectionId);
        }

        if (!await db.Queues.AnyAsync(q => q.Id == command.QueueId && q.DeletedAt == null, cancellationToken))
        {
            return QueueErrors.NotFound(command.QueueId);
        }

        if (connection.UnlinkQueue(command.QueueId, clock.GetUtcNow()))
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        return (await ConnectionReader.ReadAsync(db, protector, actorContext.Current, connection.Id, cancellationToken))!;
    }
}
