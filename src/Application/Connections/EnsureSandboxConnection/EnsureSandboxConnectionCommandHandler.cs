using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Exceptions;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Domain.Connections;
using WhatsSuite.Domain.Queues;

namespace WhatsSuite.Application.Connections.EnsureSandboxConnection;

internal sealed class EnsureSandboxConnectionCommandHandler(IApplicationDbContext db, ISecretProtector protector, AuditScope auditScope, TimeProvider clock)
    : ICommandHandler<EnsureSandboxConnectionCommand, Result<EnsureSandboxConnectionResult>>
{
    public async ValueTask<Result<EnsureSandboxConnectionResult>> Handle(EnsureSandboxConnectionCommand command, CancellationToken cancellationToken)
    {
        if (await db.Connections.AnyAsync(cancellationToken))
        {
            return new EnsureSandboxConnectionResult(false, null);
        }

        var now = clock.GetUtcNow();
        var connection = Connection.Create(
            EnsureSandboxConnectionCommand.ConnectionName,
            ConnectionProvider.Sandbox,
            ConnectionSecrets.NewSandboxPhoneNumberId(),
            null,
            EnsureSandboxConnectionCommand.DisplayNumber,
            protector.Protect(ConnectionSecrets.NewToken()),
            protector.Protect(ConnectionSecrets.NewToken()),
            protector.Protect(ConnectionSecrets.NewToken()),
            Connection.DefaultSendRateLimitPerSecond,
            now);
        db.Connections.Add(connection);

        var queueName = Queue.NormalizeName(EnsureSandboxConnectionCommand.QueueName);
        var queueId = await db.Queues.Where(q => q.NormalizedName == queueName && q.DeletedAt == null).Select(q => (Guid?)q.Id).SingleOrDefaultAsync(cancellationToken);
        if (queueId is null)
        {
            var queue = Queue.Create(EnsureSandboxConnectionCommand.QueueName, "Conversations of the sandbox connection.", AssignmentStrategy.Manual, Queues.CreateQueue.CreateQueueCommand.DefaultAgentCapacity, now);
            db.Queues.Add(queue);
            queueId = queue.Id;
        }

        connection.LinkQueue(queueId.Value, now);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (UniqueConstraintViolationException)
        {
            // Another instance starting at the same moment created it (same name): nothing is left to do.
            return ConnectionErrors.SandboxCreatedConcurrently;
        }

        auditScope.SetTarget(ConnectionErrors.TargetType, connection.Id.ToString());
        return new EnsureSandboxConnectionResult(true, connection.Id);
    }
}
