using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Audit;

namespace WhatsSuite.Application.Common.Behaviors;

/// <summary>
/// Writes the audit row of a command that passed authorization and validation: <c>success</c>, or
/// <c>failed</c> with the error code (also when the handler throws), or <c>denied</c> with the reason the
/// handler gave to <see cref="AuditScope.Deny"/>.
/// It runs outside the transaction, so the row of a failed command survives its rollback. Every command has its
/// row, the system's background work included (ADR 0020).
/// </summary>
public sealed class AuditBehavior<TMessage, TResponse>(ActorContext actorContext, AuditScope auditScope, IAuditTrail auditTrail)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IBaseCommand
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        TResponse response;
        try
        {
            response = await next(message, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            await WriteAsync(message, AuditOutcome.Failed, "exception", CancellationToken.None);
            throw;
        }

        var (outcome, reason) = response is IResultState { IsSuccess: false, Error: { } error }
            ? auditScope.DenialReason is { } denial ? (AuditOutcome.Denied, denial) : (AuditOutcome.Failed, error.Code)
            : (AuditOutcome.Success, auditScope.Note);
        var entries = new List<AuditEntry> { Entry(message, outcome, reason) };
        if (outcome == AuditOutcome.Success)
        {
            // One row per further target, after the command's own, appended with it.
            entries.AddRange(auditScope.AdditionalTargets.Select(t =>
                new AuditEntry(actorContext.Current, MessageName<TMessage>.Action, t.TargetType, t.TargetId, AuditOutcome.Success, t.Reason)));
        }

        await auditTrail.WriteAsync(entries, cancellationToken);
        return response;
    }

    private Task WriteAsync(TMessage message, AuditOutcome outcome, string? reason, CancellationToken cancellationToken) =>
        auditTrail.WriteAsync(Entry(message, outcome, reason), cancellationToken);

    private AuditEntry Entry(TMessage message, AuditOutcome outcome, string? reason)
    {
        var declared = message as IAuditTarget;
        var targetType = auditScope.TargetType ?? declared?.AuditTargetType;
        var targetId = auditScope.TargetId ?? declared?.AuditTargetId;
        return new AuditEntry(actorContext.Current, MessageName<TMessage>.Action, targetType, targetId, outcome, reason);
    }
}
