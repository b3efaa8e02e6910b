using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.QuickReplies;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.QuickReplies;

/// <summary>
/// Who sees and manages which quick replies. A personal reply: its owner only. A team reply: every member of its queue
/// sees it, and ADMIN every team reply; an ADMIN or a SUPERVISOR member of the queue manages it. A reply the caller
/// may not see answers like one that does not exist (404).
/// </summary>
public sealed class QuickReplyAccess(IApplicationDbContext db, ActorContext actorContext)
{
    public Actor Actor => actorContext.Current;

    public Guid UserId => Actor.UserId ?? Guid.Empty;

    /// <summary>The replies the caller sees (one SQL predicate).</summary>
    public IQueryable<QuickReply> Visible()
    {
        var userId = UserId;
        var replies = db.QuickReplies.AsNoTracking();
        if (Actor.Role == Role.ADMIN)
        {
            return replies.Where(r => r.OwnerId == userId || r.QueueId != null);
        }

        var queueIds = db.Queues.Where(q => q.DeletedAt == null && q.Members.Any(m => m.UserId == userId)).Select(q => q.Id);
        return replies.Where(r => r.OwnerId == userId || (r.QueueId != null && queueIds.Contains(r.QueueId.Value)));
    }

    /// <summary>Whether the caller may create or change the team replies of <paramref name="queueId"/>.</summary>
    public async Task<bool> ManagesQueueAsync(Guid queueId, CancellationToken cancellationToken)
    {
        var userId = UserId;
        return Actor.Role switch
        {
            Role.ADMIN => await db.Queues.AnyAsync(q => q.Id == queueId && q.DeletedAt == null, cancellationToken),
            Role.SUPERVISOR => await db.Queues.AnyAsync(q => q.Id == queueId && q.DeletedAt == null && q.Members.Any(m => m.UserId == userId), cancellationToken),
            _ => false,
        };
    }

    /// <summary>Loads a reply (tracked) the caller may change: theirs, or a team reply of a queue they manage.</summary>
    public async Task<Result<QuickReply>> FindForChangeAsync(Guid id, CancellationToken cancellationToken)
    {
        var reply = await db.QuickReplies.SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (reply is null || !await Visible().AnyAsync(r => r.Id == id, cancellationToken))
        {
            return QuickReplyErrors.NotFound(id);
        }

        if (reply.QueueId is { } queueId && !await ManagesQueueAsync(queueId, cancellationToken))
        {
            return QuickReplyErrors.NotQueueSupervisor;
        }

        return reply;
    }

    public static QuickReplyDto ToDto(QuickReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        return new QuickReplyDto(reply.Id, reply.Shortcut, reply.Title, reply.Text, reply.QueueId, reply.OwnerId is not null, QuickReplyTemplate.Variables(reply.Text), reply.CreatedAt, reply.UpdatedAt);
    }
}
