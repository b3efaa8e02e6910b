using Mediator;
using WhatsSuite.Application.Common.Behaviors;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Conversations;

namespace WhatsSuite.Application.Messages.ListMessages;

internal sealed class ListMessagesQueryHandler(IApplicationDbContext db, ConversationAccess access) : IQueryHandler<ListMessagesQuery, Result<MessagePage>>
{
    public async ValueTask<Result<MessagePage>> Handle(ListMessagesQuery query, CancellationToken cancellationToken)
    {
        var found = await access.FindForQueryAsync(query.ConversationId, MessageName<ListMessagesQuery>.Action, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var conversation = found.Value;

        var messages = db.Messages.Where(m => m.ConversationId == conversation.Id);
        if (query.Cursor is not null && MessageCursor.TryDecode(query.Cursor, out var after))
        {
            messages = messages.Where(m => m.SentAt < after.SentAt || (m.SentAt == after.SentAt && m.Id.CompareTo(after.Id) < 0));
        }

        var page = messages.OrderByDescending(m => m.SentAt).ThenByDescending(m => m.Id).Take(query.Limit + 1);
        var items = await MessageReader.ReadManyAsync(db, page, cancellationToken);
        string? next = null;
        if (items.Count > query.Limit)
        {
            items.RemoveAt(items.Count - 1);
            var last = items[^1];
            next = new MessageCursor(last.SentAt, last.Id).Encode();
        }

        return new MessagePage(items, next);
    }
}
