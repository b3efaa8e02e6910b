using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Paging;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Domain.Contacts;

namespace WhatsSuite.Application.Archives.FindArchivedConversations;

internal sealed class FindArchivedConversationsQueryHandler(IApplicationDbContext db)
    : IQueryHandler<FindArchivedConversationsQuery, Result<PagedList<ArchivedConversationDto>>>
{
    public async ValueTask<Result<PagedList<ArchivedConversationDto>>> Handle(FindArchivedConversationsQuery query, CancellationToken cancellationToken)
    {
        var archived = db.ArchivedConversations.AsNoTracking();
        if (query.From is { } from)
        {
            archived = archived.Where(a => a.LastSentAt >= from);
        }

        if (query.To is { } to)
        {
            archived = archived.Where(a => a.FirstSentAt < to);
        }

        var perConversation = archived
            .GroupBy(a => a.ConversationId)
            .Select(g => new { ConversationId = g.Key, Messages = g.Sum(a => a.Messages), First = g.Min(a => a.FirstSentAt), Last = g.Max(a => a.LastSentAt), Archives = g.Count() });
        var rows =
            from c in perConversation
            join conversation in db.Conversations.AsNoTracking() on c.ConversationId equals conversation.Id
            join contact in db.Contacts.AsNoTracking() on conversation.ContactId equals contact.Id
            select new { c.ConversationId, c.Messages, c.First, c.Last, c.Archives, ContactId = contact.Id, contact.WaId, Name = contact.DisplayName ?? contact.ProfileName };
        if (query.Phone is not null && PhoneNumber.TryNormalize(query.Phone, out var waId))
        {
            rows = rows.Where(r => r.WaId == waId);
        }

        if (query.ContactId is { } contactId)
        {
            rows = rows.Where(r => r.ContactId == contactId);
        }

        var total = await rows.CountAsync(cancellationToken);
        var items = await rows
            .OrderByDescending(r => r.Last).ThenBy(r => r.ConversationId)
            .Skip((query.Page - 1) * query.PageSize)
            .Take(query.PageSize)
            .Select(r => new ArchivedConversationDto(r.ConversationId, r.ContactId, r.WaId, r.Name, r.Messages, r.First, r.Last, r.Archives))
            .ToListAsync(cancellationToken);
        return new PagedList<ArchivedConversationDto>(items, query.Page, query.PageSize, total);
    }
}
