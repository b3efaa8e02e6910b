using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;

namespace WhatsSuite.Application.Conversations.EnforceInactivity;

/// <summary>
/// Applies the inactivity rules (background work, <c>job:inactivity</c>): closes the OPEN conversations idle for their
/// queue's close minutes (closed reason <c>inactivity</c>, through the domain's close, so the desk hears
/// <c>conversation.closed</c>) and warns the assignees of those idle for the warning minutes, once per idle period
/// (<c>conversation.inactivity_warning</c>). At most <see cref="BatchSize"/> of each per run; <c>More</c> says whether
/// more are due. Each conversation gets an audit row of its own (<c>inactivity_close</c> or <c>inactivity_warning</c>).
/// </summary>
[SystemOnly]
public sealed record EnforceInactivityCommand : ICommand<Result<InactivityRunDto>>
{
    public const int BatchSize = 100;

    /// <summary>A cheap check for the job: whether anything is due, so that a run (and its audit row) happens only then.</summary>
    public static async Task<bool> HasWorkAsync(IApplicationDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        foreach (var (queueId, rule) in await InactivityRules.LoadAsync(db, cancellationToken))
        {
            if (await InactivityRules.DueForClose(db, queueId, rule, now).AnyAsync(cancellationToken)
                || await InactivityRules.DueForWarning(db, queueId, rule, now).AnyAsync(cancellationToken))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>What one run did: conversations warned and closed, and whether more are due.</summary>
public sealed record InactivityRunDto(int Warned, int Closed, bool More);
