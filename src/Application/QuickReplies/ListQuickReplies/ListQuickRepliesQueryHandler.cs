using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Paging;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Domain.QuickReplies;

namespace WhatsSuite.Application.QuickReplies.ListQuickReplies;

internal sealed class ListQuickRepliesQueryHandler(QuickReplyAccess access) : IQueryHandler<ListQuickRepliesQuery, Result<PagedList<QuickReplyDto>>>
{
    public async ValueTask<Result<PagedList<QuickReplyDto>>> Handle(ListQuickRepliesQuery query, CancellationToken cancellationToken)
    {
        var replies = access.Visible();
        if (query.QueueId is { } queueId)
        {
            replies = replies.Where(r => r.QueueId == queueId);
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var shortcut = QuickReply.NormalizeShortcut(query.Search);
            replies = replies.Where(r => r.Shortcut.StartsWith(shortcut));
        }

        var total = await replies.CountAsync(cancellationToken);
        var page = await replies
            .OrderBy(r => r.Shortcut).ThenBy(r => r.OwnerId == null).ThenBy(r => r.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .ToListAsync(cancellationToken);
        return new PagedList<QuickReplyDto>(page.Select(QuickReplyAccess.ToDto).ToList(), query.Page, query.PageSize, total);
    }
}
