using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Connections.DeleteConnection;

internal sealed class DeleteConnectionCommandHandler(IApplicationDbContext db, IConnectionSecretCache secretCache, TimeProvider clock) : ICommandHandler<DeleteConnectionCommand, Result<Unit>>
{
    public async ValueTask<Result<Unit>> Handle(DeleteConnectionCommand command, CancellationToken cancellationToken)
    {
        var connection = await db.Connections.Include(c => c.Queues).SingleOrDefaultAsync(c => c.Id == command.Id && c.DeletedAt == null, cancellationToken);
        if (connection is null)
        {
            return ConnectionErrors.NotFound(command.Id);
        }

        connection.Delete(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        secretCache.Invalidate(connection.Id);
        return Unit.Value;
    }
}
