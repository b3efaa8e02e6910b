using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Domain.Contacts;
using WhatsSuite.Domain.Conversations;

namespace WhatsSuite.Application.Webhooks.ProcessWebhookDelivery;

/// <summary>
/// Finds the contact behind the identities of a batch of webhook items (phone number, BSUID, or both) with one
/// query, creates the ones not known yet, and keeps each customer one contact: when a payload shows that a
/// phone-number contact and a BSUID contact are the same person, or a system message announces a new number or
/// BSUID that another contact already has, the two are merged (conversations, messages, tags, opt-outs) and the
/// change is kept in the contact's identity history. Also caches the conversations of (connection, contact).
/// Merges are rare: they flush pending changes first so that messages can be moved with one UPDATE.
/// </summary>
internal sealed class ContactResolver(IApplicationDbContext db, DateTimeOffset now)
{
    private readonly Dictionary<string, Contact> _byPhone = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Contact> _byUserId = new(StringComparer.Ordinal);
    private readonly HashSet<string> _loadedPhones = new(StringComparer.Ordinal);
    private readonly HashSet<string> _loadedUserIds = new(StringComparer.Ordinal);
    private readonly Dictionary<(Guid ConnectionId, Guid ContactId), Conversation?> _conversations = [];
    private readonly HashSet<Guid> _created = [];

    /// <summary>Contacts merged so far (the identity of the one that was merged away).</summary>
    public int Merges { get; private set; }

    /// <summary>Loads, in one query, the contacts with any of the identifiers not loaded yet.</summary>
    public async Task LoadAsync(IEnumerable<ContactIdentity> identities, CancellationToken cancellationToken)
    {
        var phones = new HashSet<string>(StringComparer.Ordinal);
        var userIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var identity in identities)
        {
            if (identity.WaId is { } phone && _loadedPhones.Add(phone))
            {
                phones.Add(phone);
            }

            if (identity.UserId is { } userId && _loadedUserIds.Add(userId))
            {
                userIds.Add(userId);
            }
        }

        if (phones.Count == 0 && userIds.Count == 0)
        {
            return;
        }

        var found = await db.Contacts
            .Where(c => (c.WaId != null && phones.Contains(c.WaId)) || (c.UserId != null && userIds.Contains(c.UserId)))
            .ToListAsync(cancellationToken);
        foreach (var contact in found)
        {
            Index(contact);
        }
    }

    /// <summary>Loads the conversations of <paramref name="connectionIds"/> with the contacts known so far, in one query.</summary>
    public async Task LoadConversationsAsync(IReadOnlyCollection<Guid> connectionIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connectionIds);
        var contactIds = _byPhone.Values.Concat(_byUserId.Values).Select(c => c.Id).Distinct()
            .Where(id => connectionIds.Any(connectionId => !_conversations.ContainsKey((connectionId, id))))
            .ToList();
        if (contactIds.Count == 0 || connectionIds.Count == 0)
        {
            return;
        }

        var found = await db.Conversations.Where(c => connectionIds.Contains(c.ConnectionId) && contactIds.Contains(c.ContactId)).ToListAsync(cancellationToken);
        foreach (var connectionId in connectionIds)
        {
            foreach (var contactId in contactIds)
            {
                _conversations.TryAdd((connectionId, contactId), found.FirstOrDefault(c => c.ConnectionId == connectionId && c.ContactId == contactId));
            }
        }
    }

    /// <summary>
    /// The conversation of the contact on the connection, or null. A contact created by this resolver has none in the
    /// database (it is not saved yet), so it is not looked for there.
    /// </summary>
    public async Task<Conversation?> ConversationAsync(Guid connectionId, Guid contactId, CancellationToken cancellationToken)
    {
        if (_conversations.TryGetValue((connectionId, contactId), out var known))
        {
            return known;
        }

        var conversation = _created.Contains(contactId)
            ? null
            : await db.Conversations.SingleOrDefaultAsync(c => c.ConnectionId == connectionId && c.ContactId == contactId, cancellationToken);
        _conversations[(connectionId, contactId)] = conversation;
        return conversation;
    }

    public void Add(Conversation conversation)
    {
        db.Conversations.Add(conversation);
        _conversations[(conversation.ConnectionId, conversation.ContactId)] = conversation;
    }

    /// <summary>The contact known by any identifier of <paramref name="identity"/>, without creating one.</summary>
    public Contact? Find(ContactIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        if (identity.WaId is { } phone && _byPhone.TryGetValue(phone, out var byPhone))
        {
            return byPhone;
        }

        return identity.UserId is { } userId && _byUserId.TryGetValue(userId, out var byUserId) ? byUserId : null;
    }

    /// <summary>
    /// The contact of a customer who wrote (or whose preference arrived) with <paramref name="identity"/>: found by
    /// phone number or BSUID, created when neither is known, merged when the two belong to different contacts.
    /// A known contact learns what it lacks (a revealed phone number, a BSUID, the username); a BSUID seen with
    /// another phone number, or a phone number with another BSUID, is a change kept in the history.
    /// </summary>
    public async Task<Contact> ResolveAsync(ContactIdentity identity, string? profileName, string source, DateTimeOffset occurredAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var byPhone = identity.WaId is { } phone ? _byPhone.GetValueOrDefault(phone) : null;
        var byUserId = identity.UserId is { } userId ? _byUserId.GetValueOrDefault(userId) : null;
        Contact contact;
        if (byPhone is null && byUserId is null)
        {
            contact = Contact.Create(identity, profileName, now);
            db.Contacts.Add(contact);
            _created.Add(contact.Id);
            Index(contact);
            return contact;
        }

        if (byPhone is not null && byUserId is not null && byPhone != byUserId)
        {
            // The same customer was known twice (by number before, by BSUID while the number was withheld).
            var (survivor, merged) = byPhone.CreatedAt <= byUserId.CreatedAt ? (byPhone, byUserId) : (byUserId, byPhone);
            contact = await MergeAsync(survivor, merged, source, occurredAt, cancellationToken);
        }
        else
        {
            contact = byPhone ?? byUserId!;
        }

        var before = (contact.WaId, contact.UserId);
        if (byPhone is null || byUserId is null)
        {
            if (byPhone is null && identity.WaId is { } newPhone && contact.WaId is not null)
            {
                // A BSUID belongs to one number (WhatsApp issues a new one with a new number): the number changed.
                Record(contact.ChangePhoneNumber(newPhone, source, occurredAt, now));
            }
            else if (byUserId is null && identity.UserId is { } newUserId && contact.UserId is not null)
            {
                // The number is known with another BSUID: WhatsApp gave the customer a new one.
                Record(contact.ChangeUserId(newUserId, identity.ParentUserId, source, occurredAt, now));
            }
        }

        contact.LearnIdentity(identity, now);
        contact.RefreshProfileName(profileName, now);
        Index(contact, before);
        return contact;
    }

    /// <summary>
    /// A system message says the customer known as <paramref name="old"/> now has the identity in
    /// <paramref name="notice"/> (a new number and BSUID, or a new BSUID). The contact keeps its row, conversations and
    /// history and takes the new identifiers; a contact that already had them (the customer wrote from the new number
    /// first) is merged into it. An unknown customer is created with the new identity.
    /// </summary>
    public async Task<Contact> ApplyNoticeAsync(ContactIdentity old, IdentityNotice notice, string source, DateTimeOffset occurredAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(old);
        ArgumentNullException.ThrowIfNull(notice);
        var current = new ContactIdentity(notice.NewWaId, notice.NewUserId, notice.NewParentUserId);
        var contact = Find(old);
        var twin = current.IsEmpty ? null : Find(current);
        if (contact is null)
        {
            return twin ?? await ResolveAsync(current.IsEmpty ? old : current, null, source, occurredAt, cancellationToken);
        }

        if (twin is not null && twin != contact)
        {
            contact = await MergeAsync(contact, twin, source, occurredAt, cancellationToken);
        }

        var before = (contact.WaId, contact.UserId);
        if (notice.NewWaId is { } waId)
        {
            Record(contact.ChangePhoneNumber(waId, source, occurredAt, now));
        }

        if (notice.NewUserId is { } userId)
        {
            Record(contact.ChangeUserId(userId, notice.NewParentUserId, source, occurredAt, now));
        }

        Index(contact, before);
        return contact;
    }

    /// <summary>
    /// Merges <paramref name="merged"/> into <paramref name="survivor"/>: its conversations move to the survivor (one per
    /// number: where both have one, the messages move and the two conversations become one), its history follows,
    /// the survivor takes its tags, names, opt-outs and identifiers, and the merge is recorded.
    /// </summary>
    private async Task<Contact> MergeAsync(Contact survivor, Contact merged, string source, DateTimeOffset occurredAt, CancellationToken cancellationToken)
    {
        // Flush what this batch added so far: the moves below are single UPDATEs that must see it.
        await db.SaveChangesAsync(cancellationToken);
        var theirs = await db.Conversations.Where(c => c.ContactId == merged.Id).ToListAsync(cancellationToken);
        var ours = await db.Conversations.Where(c => c.ContactId == survivor.Id).ToDictionaryAsync(c => c.ConnectionId, cancellationToken);
        foreach (var conversation in theirs)
        {
            _conversations.Remove((conversation.ConnectionId, merged.Id));
            if (ours.TryGetValue(conversation.ConnectionId, out var kept))
            {
                var from = conversation.Id;
                await db.Messages.Where(m => m.ConversationId == from).ExecuteUpdateAsync(s => s.SetProperty(m => m.ConversationId, kept.Id), cancellationToken);

                // Messages this batch added are still tracked with the old conversation: they were moved in the database.
                foreach (var moved in db.Messages.Local.Where(m => m.ConversationId == from).ToList())
                {
                    db.Messages.Entry(moved).State = EntityState.Detached;
                }

                kept.Absorb(conversation, now);
                db.Conversations.Remove(conversation);
                _conversations[(kept.ConnectionId, survivor.Id)] = kept;
            }
            else
            {
                conversation.MoveToContact(survivor.Id, now);
                _conversations[(conversation.ConnectionId, survivor.Id)] = conversation;
            }
        }

        var mergedId = merged.Id;
        await db.ContactIdentityEvents.Where(e => e.ContactId == mergedId).ExecuteUpdateAsync(s => s.SetProperty(e => e.ContactId, survivor.Id), cancellationToken);
        survivor.Absorb(merged, now);
        db.ContactIdentityEvents.Add(ContactIdentityEvent.Merged(survivor.Id, merged, source, occurredAt, now));
        Forget(merged);
        db.Contacts.Remove(merged);

        // The merged contact's phone number and BSUID are unique: free them before the survivor takes them.
        await db.SaveChangesAsync(cancellationToken);
        survivor.LearnIdentity(new ContactIdentity(merged.WaId, merged.UserId, merged.ParentUserId, merged.Username), now);
        Index(survivor, (null, null));
        Merges++;
        return survivor;
    }

    private void Record(ContactIdentityEvent? change)
    {
        if (change is not null)
        {
            db.ContactIdentityEvents.Add(change);
        }
    }

    /// <summary>Indexes the contact by its identifiers, forgetting the ones it had before (<paramref name="before"/>) if they changed.</summary>
    private void Index(Contact contact, (string? WaId, string? UserId) before = default)
    {
        if (before.WaId is { } oldPhone && oldPhone != contact.WaId && _byPhone.GetValueOrDefault(oldPhone) == contact)
        {
            _byPhone.Remove(oldPhone);
        }

        if (before.UserId is { } oldUserId && oldUserId != contact.UserId && _byUserId.GetValueOrDefault(oldUserId) == contact)
        {
            _byUserId.Remove(oldUserId);
        }

        if (contact.WaId is { } phone)
        {
            _byPhone[phone] = contact;
            _loadedPhones.Add(phone);
        }

        if (contact.UserId is { } userId)
        {
            _byUserId[userId] = contact;
            _loadedUserIds.Add(userId);
        }
    }

    private void Forget(Contact contact)
    {
        foreach (var key in _byPhone.Where(p => p.Value == contact).Select(p => p.Key).ToList())
        {
            _byPhone.Remove(key);
        }

        foreach (var key in _byUserId.Where(p => p.Value == contact).Select(p => p.Key).ToList())
        {
            _byUserId.Remove(key);
        }
    }
}
