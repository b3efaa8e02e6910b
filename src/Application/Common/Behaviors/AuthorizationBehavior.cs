using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Audit;

namespace WhatsSuite.Application.Common.Behaviors;

/// <summary>
/// Checks the access rule declared on the message type before anything else runs. A refusal never reaches
/// validation or the handler, and is written to the audit trail as <c>denied</c>.
/// </summary>
public sealed class AuthorizationBehavior<TMessage, TResponse>(ActorContext actorContext, IAuditTrail auditTrail)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var actor = actorContext.Current;
        var denial = AccessPolicy<TMessage>.Value.Evaluate(actor);
        if (denial is null)
        {
            return await next(message, cancellationToken);
        }

        var target = message as IAuditTarget;
        await auditTrail.WriteAsync(
            new AuditEntry(actor, MessageName<TMessage>.Action, target?.AuditTargetType, target?.AuditTargetId, AuditOutcome.Denied, denial.Code),
            cancellationToken);
        return ResultFailure<TResponse>.Create(denial);
    }
}
