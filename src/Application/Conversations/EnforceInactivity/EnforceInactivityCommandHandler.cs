using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Behaviors;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Domain.Conversations;

namespace WhatsSuite.Application.Conversations.EnforceInactivity;

internal sealed class EnforceInactivityCommandHandler(
    IApplicationDbContext db, AuditScope auditScope, AfterCommit afterCommit, IBackgroundWorkSignal signal, TimeProvider clock)
    : ICommandHandler<EnforceInactivityCommand, Result<InactivityRunDto>>
{
    public const string CloseReason = "inactivity_close";
    public const string WarningReason = "inactivity_warning";

    public async ValueTask<Result<InactivityRunDto>> Handle(EnforceInactivityCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var rules = await InactivityRules.LoadAsync(db, cancellationToken);
        int closed = 0, warned = 0;
        var more = false;
        foreach (var (queueId, rule) in rules)
        {
            var due = await InactivityRules.DueForClose(db, queueId, rule, now)
                .OrderBy(c => c.UpdatedAt).ThenBy(c => c.Id)
                .Take(EnforceInactivityCommand.BatchSize - closed + 1)
                .ToListAsync(cancellationToken);
            more |= due.Count > EnforceInactivityCommand.BatchSize - closed;
            foreach (var conversation in due.Take(EnforceInactivityCommand.BatchSize - closed))
            {
                conversation.Close(now, ConversationCloseReason.Inactivity);
                if (await ConversationSaver.TrySaveAsync(db, cancellationToken))
                {
                    auditScope.AddTarget(ConversationErrors.TargetType, conversation.Id.ToString(), CloseReason);
                    closed++;
                }
            }
        }

        foreach (var (queueId, rule) in rules)
        {
            var due = await InactivityRules.DueForWarning(db, queueId, rule, now)
                .OrderBy(c => c.UpdatedAt).ThenBy(c => c.Id)
                .Take(EnforceInactivityCommand.BatchSize - warned + 1)
                .ToListAsync(cancellationToken);
            more |= due.Count > EnforceInactivityCommand.BatchSize - warned;
            foreach (var conversation in due.Take(EnforceInactivityCommand.BatchSize - warned))
            {
                // Someone wrote or took it meanwhile (a concurrent change): its idle period is over, no warning.
                if (conversation.WarnInactive(now) && await ConversationSaver.TrySaveAsync(db, cancellationToken))
                {
                    auditScope.AddTarget(ConversationErrors.TargetType, conversation.Id.ToString(), WarningReason);
                    warned++;
                }
            }
        }

        auditScope.SetNote($"warned {warned}, closed {closed}");
        if (closed > 0)
        {
            // Agents with one open conversation fewer may take waiting ones.
            afterCommit.Add(() => signal.Notify(BackgroundWork.AutoAssignment));
        }

        return new InactivityRunDto(warned, closed, more);
    }
}
