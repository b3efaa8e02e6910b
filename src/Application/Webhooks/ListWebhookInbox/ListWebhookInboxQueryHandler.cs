using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Paging;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Webhooks.ListWebhookInbox;

internal sealed class ListWebhookInboxQueryHandler(IApplicationDbContext db) : IQueryHandler<ListWebhookInboxQuery, Result<PagedList<WebhookInboxEntryDto>>>
{
    public async ValueTask<Result<PagedList<WebhookInboxEntryDto>>> Handle(ListWebhookInboxQuery query, CancellationToken cancellationToken)
    {
        var entries = db.WebhookInbox.AsNoTracking();
        if (query.Status is not null && InboxStatusNames.TryParse(query.Status, out var status))
        {
            entries = entries.Where(e => e.Status == status);
        }

        if (query.ParentId is { } parentId)
        {
            entries = entries.Where(e => e.ParentId == parentId);
        }

        var total = await entries.CountAsync(cancellationToken);
        var items = await entries
            .OrderByDescending(e => e.ReceivedAt).ThenByDescending(e => e.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .Select(WebhookInboxEntryDto.Projection)
            .ToListAsync(cancellationToken);
        return new PagedList<WebhookInboxEntryDto>(items, query.Page, query.PageSize, total);
    }
}
