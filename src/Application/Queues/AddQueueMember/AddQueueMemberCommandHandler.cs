using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Exceptions;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Queues.AddQueueMember;

internal sealed class AddQueueMemberCommandHandler(IApplicationDbContext db, TimeProvider clock) : ICommandHandler<AddQueueMemberCommand, Result<QueueDto>>
{
    public async ValueTask<Result<QueueDto>> Handle(AddQueueMemberCommand command, CancellationToken cancellationToken)
    {
        var queue = await db.Queues.Include(q => q.Members).SingleOrDefaultAsync(q => q.Id == command.QueueId && q.DeletedAt == null, cancellationToken);
        if (queue is null)
        {
            return QueueErrors.NotFound(command.QueueId);
        }

        var user = await db.Users.AsNoTracking().Where(u => u.Id == command.UserId).Select(u => new { u.IsActive }).SingleOrDefaultAsync(cancellationToken);
        if (user is null)
        {
            return Errors.UserNotFound(command.UserId);
        }

        if (!user.IsActive)
        {
            return QueueErrors.InactiveUser;
        }

        if (queue.AddMember(command.UserId, clock.GetUtcNow()))
        {
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (UniqueConstraintViolationException)
            {
                // Added by a concurrent request: the outcome is the same.
            }
        }

        return (await QueueReader.ReadAsync(db, queue.Id, clock.GetUtcNow(), cancellationToken))!;
    }
}
