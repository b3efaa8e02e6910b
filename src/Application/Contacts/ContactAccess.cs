using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Conversations;
using WhatsSuite.Domain.Audit;
using WhatsSuite.Domain.Contacts;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Contacts;

/// <summary>
/// Which contacts a caller sees, derived from <see cref="ConversationAccess"/> so that the two never disagree:
/// an ADMIN sees every contact; a SUPERVISOR the contacts that have a conversation they can see (one in a
/// queue they are a member of, or one without a queue), read from the database's trigger-kept list of which contacts
/// each queue has conversations with (<see cref="IContactCounters.ContactIdsInQueues"/>) rather than from the
/// conversations themselves; anyone else the contacts of the conversations they see. Membership is read from the
/// database on every request, so joining or leaving a queue changes what a supervisor sees at once, without
/// signing in again. A contact outside answers exactly like one that does not exist (404
/// <c>contacts.not_found</c>) and the refusal is audited as <c>denied</c> with the reason <c>out_of_queue</c>.
/// </summary>
public sealed class ContactAccess(IApplicationDbContext db, ConversationAccess conversations, IContactCounters counters, AuditScope auditScope, IAuditTrail auditTrail)
{
    /// <summary>Whether the current caller sees every contact (an ADMIN): <see cref="Visible"/> then narrows nothing.</summary>
    public bool SeesEveryContact => conversations.Actor is { IsAuthenticatedUser: true, Role: Role.ADMIN };

    /// <summary>Narrows <paramref name="contacts"/> to those the current caller sees (one SQL predicate).</summary>
    public IQueryable<Contact> Visible(IQueryable<Contact> contacts)
    {
        ArgumentNullException.ThrowIfNull(contacts);
        if (SeesEveryContact)
        {
            return contacts;
        }

        if (!conversations.Actor.IsAuthenticatedUser)
        {
            return contacts.Where(c => false);
        }

        if (conversations.Actor is { Role: Role.SUPERVISOR, UserId: { } supervisorId })
        {
            var inTheirQueues = counters.ContactIdsInQueues(conversations.QueueIdsOf(supervisorId));
            return contacts.Where(c => inTheirQueues.Contains(c.Id));
        }

        var visibleContactIds = conversations.Visible(db.Conversations).Select(c => c.ContactId);
        return contacts.Where(c => visibleContactIds.Contains(c.Id));
    }

    /// <summary>
    /// Loads a contact (tracked) for a command. When it is not visible, the command's audit row becomes
    /// <c>denied</c> and the answer is <c>contacts.not_found</c>.
    /// </summary>
    public async Task<Result<Contact>> FindForCommandAsync(Guid id, CancellationToken cancellationToken)
    {
        var contact = await db.Contacts.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (contact is null)
        {
            return ContactErrors.NotFound(id);
        }

        if (!await IsVisibleAsync(id, cancellationToken))
        {
            auditScope.Deny(ConversationAccess.DenialReasons.OutOfQueue);
            return ContactErrors.NotFound(id);
        }

        return contact;
    }

    /// <summary>
    /// Whether the current caller sees contact <paramref name="id"/>; when it exists but is not visible, a
    /// <c>denied</c> audit row naming <paramref name="action"/> is written at once. False also when it does not exist.
    /// </summary>
    public async Task<bool> CheckForQueryAsync(Guid id, string action, CancellationToken cancellationToken)
    {
        if (!await db.Contacts.AnyAsync(c => c.Id == id, cancellationToken))
        {
            return false;
        }

        if (await IsVisibleAsync(id, cancellationToken))
        {
            return true;
        }

        await auditTrail.WriteAsync(
            new AuditEntry(conversations.Actor, action, ContactErrors.TargetType, id.ToString(), AuditOutcome.Denied, ConversationAccess.DenialReasons.OutOfQueue),
            cancellationToken);
        return false;
    }

    private Task<bool> IsVisibleAsync(Guid id, CancellationToken cancellationToken) =>
        Visible(db.Contacts.AsNoTracking()).AnyAsync(c => c.Id == id, cancellationToken);
}
