using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Exceptions;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Application.Queues;

namespace WhatsSuite.Application.Connections.LinkConnectionQueue;

internal sealed class LinkConnectionQueueCommandHandler(IApplicationDbContext db, ISecretProtector protector, ActorContext actorContext, TimeProvider clock)
    : ICommandHandler<LinkConnectionQueueCommand, Result<ConnectionDto>>
{
    public async ValueTask<Result<ConnectionDto>> Handle(LinkConnectionQueueCommand command, CancellationToken cancellationToken)
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

        if (connection.LinkQueue(command.QueueId, clock.GetUtcNow()))
        {
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (UniqueConstraintViolationException)
            {
                // A concurrent request linked it first; this transaction cannot be used any more.
                return ConnectionErrors.ConcurrentChange;
            }
        }

        return (await ConnectionReader.ReadAsync(db, protector, actorContext.Current, connection.Id, cancellationToken))!;
    }
}
