using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Domain.Conversations;

namespace WhatsSuite.Application.Conversations.GetConversationSummary;

internal sealed class GetConversationSummaryQueryHandler(IApplicationDbContext db, ConversationAccess access)
    : IQueryHandler<GetConversationSummaryQuery, Result<ConversationSummaryDto>>
{
    public async ValueTask<Result<ConversationSummaryDto>> Handle(GetConversationSummaryQuery query, CancellationToken cancellationToken)
    {
        var counts = await access.Visible(db.Conversations)
            .GroupBy(c => c.Status)
            .Select(g => new { Status = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Status, g => g.Count, cancellationToken);
        return new ConversationSummaryDto(
            counts.GetValueOrDefault(ConversationStatus.UNASSIGNED),
            counts.GetValueOrDefault(ConversationStatus.OPEN),
            counts.GetValueOrDefault(ConversationStatus.CLOSED));
    }
}
