using Mediator;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Messaging;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Domain.Conversations;

namespace WhatsSuite.Application.Conversations.ListConversations;

internal sealed class ListConversationsQueryHandler(IApplicationDbContext db, ConversationAccess access, MessagingOptions messaging, TimeProvider clock)
    : IQueryHandler<ListConversationsQuery, Result<ConversationPage>>
{
    public async ValueTask<Result<ConversationPage>> Handle(ListConversationsQuery query, CancellationToken cancellationToken)
    {
        var conversations = access.Visible(db.Conversations);
        if (query.Status is not null)
        {
            var status = Enum.Parse<ConversationStatus>(query.Status);
            conversations = conversations.Where(c => c.Status == status);
        }

        if (query.QueueId is { } queueId)
        {
            conversations = conversations.Where(c => c.QueueId == queueId);
        }

        if (query.AssigneeId is { } assigneeId)
        {
            conversations = conversations.Where(c => c.AssigneeId == assigneeId);
        }

        if (query.ConnectionId is { } connectionId)
        {
            conversations = conversations.Where(c => c.ConnectionId == connectionId);
        }

        if (query.ReferralSourceType is { } sourceType)
        {
            conversations = conversations.Where(c => c.Referral != null && c.Referral.SourceType == sourceType);
        }

        if (query.ReferralSourceId is { } sourceId)
        {
            conversations = conversations.Where(c => c.Referral != null && c.Referral.SourceId == sourceId);
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            conversations = ApplySearch(conversations, query.Search.Trim());
        }

        if (query.Cursor is not null && ConversationCursor.TryDecode(query.Cursor, out var afterUpdatedAt, out var afterId))
        {
            conversations = conversations.Where(c => c.UpdatedAt < afterUpdatedAt || (c.UpdatedAt == afterUpdatedAt && c.Id.CompareTo(afterId) < 0));
        }

        var items = await ConversationReader.ReadManyAsync(db, conversations, query.Limit + 1, clock.GetUtcNow(), messaging.ServiceWindow, cancellationToken);
        string? nextCursor = null;
        if (items.Count > query.Limit)
        {
            items.RemoveAt(items.Count - 1);
            var last = items[^1];
            nextCursor = ConversationCursor.Encode(last.UpdatedAt, last.Id);
        }

        return new ConversationPage(items, nextCursor);
    }

    /// <summary>
    /// Matches the contact's number (by its digits), display or profile name, username or business-scoped user id,
    /// or the text of any message of the conversation; case-insensitive on both databases.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1862", Justification = "Translated to SQL: lower(x) on both databases; the comparison overloads are not translatable.")]
    private IQueryable<Conversation> ApplySearch(IQueryable<Conversation> conversations, string search)
    {
        var term = search.ToLowerInvariant();
        var digits = new string(search.Where(char.IsAsciiDigit).ToArray());
        var numberSearch = digits.Length > 0 && search.All(c => char.IsAsciiDigit(c) || c is '+' or ' ' or '-' or '.' or '(' or ')');
        var contacts = numberSearch
            ? db.Contacts.Where(k => (k.WaId != null && k.WaId.Contains(digits))
                || (k.DisplayName != null && k.DisplayName.ToLower().Contains(term))
                || (k.ProfileName != null && k.ProfileName.ToLower().Contains(term)))
            : db.Contacts.Where(k => (k.DisplayName != null && k.DisplayName.ToLower().Contains(term))
                || (k.ProfileName != null && k.ProfileName.ToLower().Contains(term))
                || (k.Username != null && k.Username.ToLower().Contains(term))
                || (k.UserId != null && k.UserId.ToLower().Contains(term)));
        var contactIds = contacts.Select(k => k.Id);
        return conversations.Where(c =>
            contactIds.Contains(c.ContactId)
            || db.Messages.Any(m => m.ConversationId == c.Id && m.Text != null && m.Text.ToLower().Contains(term)));
    }
}
