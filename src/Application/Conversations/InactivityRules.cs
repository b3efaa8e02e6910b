using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Settings;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Domain.Settings;

namespace WhatsSuite.Application.Conversations;

/// <summary>
/// The inactivity rule of each queue (its own minutes, each null minute following the system default) and the OPEN
/// conversations that are due under them: idle for the warning minutes and not warned yet in this idle period, or
/// idle for the close minutes. Idle means no message either way and no assignment since the cut-off.
/// </summary>
internal static class InactivityRules
{
    /// <summary>Every rule in force: one per queue (deleted ones too, their conversations stay) and one for conversations without a queue.</summary>
    public static async Task<List<(Guid? QueueId, InactivityRule Rule)>> LoadAsync(IApplicationDbContext db, CancellationToken cancellationToken)
    {
        var defaults = await SettingsReader.ReadAsync(db, cancellationToken);
        var queues = await db.Queues.AsNoTracking()
            .Select(q => new { q.Id, q.InactivityWarnMinutes, q.InactivityCloseMinutes })
            .ToListAsync(cancellationToken);
        var rules = queues
            .Select(q => ((Guid?)q.Id, new InactivityRule(q.InactivityWarnMinutes ?? defaults.InactivityWarnMinutes, q.InactivityCloseMinutes ?? defaults.InactivityCloseMinutes)))
            .ToList();
        rules.Add((null, new InactivityRule(defaults.InactivityWarnMinutes, defaults.InactivityCloseMinutes)));
        return rules.Where(r => !r.Item2.IsOff).ToList();
    }

    /// <summary>OPEN conversations of <paramref name="queueId"/> idle since <paramref name="cutoff"/> or longer.</summary>
    public static IQueryable<Conversation> Idle(IApplicationDbContext db, Guid? queueId, DateTimeOffset cutoff) =>
        db.Conversations.Where(c =>
            c.Status == ConversationStatus.OPEN
            && c.QueueId == queueId
            && (c.LastMessageAt == null || c.LastMessageAt <= cutoff)
            && (c.AssignedAt == null || c.AssignedAt <= cutoff)
            && c.CreatedAt <= cutoff);

    /// <summary>Conversations due to be closed under <paramref name="rule"/>.</summary>
    public static IQueryable<Conversation> DueForClose(IApplicationDbContext db, Guid? queueId, InactivityRule rule, DateTimeOffset now) =>
        rule.CloseMinutes == 0
            ? db.Conversations.Where(c => false)
            : Idle(db, queueId, now.AddMinutes(-rule.CloseMinutes));

    /// <summary>Conversations due a warning under <paramref name="rule"/> (not those already due to be closed: they are closed instead).</summary>
    public static IQueryable<Conversation> DueForWarning(IApplicationDbContext db, Guid? queueId, InactivityRule rule, DateTimeOffset now)
    {
        if (rule.WarnMinutes == 0 || (rule.CloseMinutes != 0 && rule.WarnMinutes >= rule.CloseMinutes))
        {
            return db.Conversations.Where(c => false);
        }

        return Idle(db, queueId, now.AddMinutes(-rule.WarnMinutes)).Where(c => c.InactivityWarnedAt == null);
    }
}
